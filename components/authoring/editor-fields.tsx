"use client";

import { useEffect, useState, type ReactNode } from "react";
import { splitList } from "./draft-utils";

export type Problems = Map<string, string>;

export function FieldError({ problems, path }: { problems: Problems; path: string }) {
  const msg = problems.get(path);
  if (!msg) return null;
  return (
    <p className="mt-1 text-xs text-red-600" data-field-error={path}>
      {msg}
    </p>
  );
}

const inputCls = "w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none";

export function TextInput({ label, value, onChange, problems, path, type = "text", className = "" }: { label: string; value: string | number; onChange: (v: string) => void; problems: Problems; path: string; type?: string; className?: string }) {
  const id = `fld-${path}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-0.5 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={id} type={type} className={`${inputCls} ${problems.has(path) ? "border-red-400" : ""}`} value={value} onChange={(e) => onChange(e.target.value)} />
      <FieldError problems={problems} path={path} />
    </div>
  );
}

export function TextArea({ label, value, onChange, problems, path, rows = 3, mono = false }: { label: string; value: string; onChange: (v: string) => void; problems: Problems; path: string; rows?: number; mono?: boolean }) {
  const id = `fld-${path}`;
  return (
    <div>
      <label htmlFor={id} className="mb-0.5 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <textarea id={id} rows={rows} className={`${inputCls} ${mono ? "font-mono" : ""} ${problems.has(path) ? "border-red-400" : ""}`} value={value} onChange={(e) => onChange(e.target.value)} />
      <FieldError problems={problems} path={path} />
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        {actions}
      </div>
      <div className="space-y-3">{children}</div>
    </section>
  );
}

export function SmallButton({ children, onClick, tone = "default", label }: { children: ReactNode; onClick: () => void; tone?: "default" | "danger"; label?: string }) {
  return (
    <button type="button" aria-label={label} onClick={onClick} className={`rounded-md border px-2 py-1 text-xs font-medium ${tone === "danger" ? "border-red-200 text-red-700 hover:bg-red-50" : "border-slate-300 text-slate-700 hover:bg-slate-50"}`}>
      {children}
    </button>
  );
}

/**
 * A comma- or newline-separated list (aliases, cues, tags). It keeps the text as typed, so a
 * trailing comma survives until the next word, and hands the parsed list up on every change.
 */
export function ListInput({ label, value, onChange, problems, path, rows = 2, by = "commas" }: { label: string; value: string[]; onChange: (v: string[]) => void; problems: Problems; path: string; rows?: number; by?: "commas" | "lines" }) {
  const sep = by === "lines" ? "\n" : ", ";
  const [text, setText] = useState(value.join(sep));
  const joined = value.join("\u0000");
  useEffect(() => {
    // Re-sync only when the list was changed from outside (reload, undo), not by our own typing.
    setText((cur) => (splitList(cur, by).join("\u0000") === joined ? cur : joined.split("\u0000").filter(Boolean).join(sep)));
  }, [joined, by, sep]);
  return (
    <TextArea
      label={label}
      rows={rows}
      value={text}
      problems={problems}
      path={path}
      onChange={(v) => {
        setText(v);
        onChange(splitList(v, by));
      }}
    />
  );
}
