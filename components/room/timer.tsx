"use client";
import { useEffect, useState } from "react";

const fmt = (ms: number) => {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${ms < 0 ? "+" : ""}${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** Time left from `start` for `minutes`, on the server's clock (`now`); counts up in red once over. */
export function Countdown({ start, minutes, now, label }: { start: string; minutes: number; now: () => number; label: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const left = Date.parse(start) + minutes * 60_000 - now();
  return (
    <span className={`inline-flex items-center gap-1 font-mono text-sm tabular-nums ${left < 0 ? "text-red-600" : left < 60_000 ? "text-amber-600" : "text-slate-700"}`} aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        <circle cx="8" cy="9" r="5.5" />
        <path d="M8 6v3l2 1.5M6.5 1.5h3" strokeLinecap="round" />
      </svg>
      {fmt(left)}
    </span>
  );
}
