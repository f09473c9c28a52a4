"use client";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui";
import type { QueueStatus } from "@/lib/realtime/pairing-contract";

/** Place in line, the wait so far and the criteria in force; the clock ticks locally between statuses. */
export function QueueWaiting({ status, receivedAt, online, onLeave }: { status: QueueStatus; receivedAt: number; online: boolean; onLeave: () => void }) {
  const t = useTranslations("queue");
  const [now, setNow] = useState(receivedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.max(0, Math.floor((now - receivedAt) / 1000));
  const { criteria } = status;
  const relaxed = (c: "level" | "tags" | "lang") => criteria.relaxed.includes(c);
  const relaxesIn = status.relaxesInSeconds === null ? null : Math.max(0, status.relaxesInSeconds - elapsed);
  const row = (label: string, value: string, isRelaxed: boolean) => (
    <div className="flex gap-2">
      <dt className="w-44 text-slate-500">{label}</dt>
      <dd className={isRelaxed ? "text-amber-700" : "text-slate-900"}>{value}</dd>
    </div>
  );

  return (
    <section aria-live="polite" className="space-y-4" data-testid="queue-waiting">
      <h2 className="text-lg font-semibold">{t("waitingTitle")}</h2>
      {!online ? <p className="text-sm text-amber-700">{t("reconnecting")}</p> : null}
      <p className="text-sm text-slate-700" data-testid="queue-position">
        {t("position", { position: status.position })} · {t("waiting", { count: status.waiting })} · {t("waited", { seconds: status.waitingSeconds + elapsed })}
      </p>
      <div>
        <h3 className="mb-2 text-sm font-medium text-slate-700">{t("criteria")}</h3>
        <dl className="space-y-1 text-sm" data-testid="queue-criteria">
          {row(t("tags"), relaxed("tags") || !criteria.tags.length ? t("anyTopic") : criteria.tags.join(", "), relaxed("tags"))}
          {row(t("level"), relaxed("level") ? t("anyLevel") : t(`levels.${criteria.level as "easy" | "medium" | "hard"}`), relaxed("level"))}
          {row(t("lang"), relaxed("lang") ? t("anyLang") : t(`langs.${criteria.lang as "en" | "zh"}`), relaxed("lang"))}
        </dl>
        <p className="mt-2 text-xs text-slate-500">{relaxesIn === null ? t("allRelaxed") : t("relaxesIn", { seconds: relaxesIn })}</p>
      </div>
      <Button type="button" variant="secondary" onClick={onLeave}>
        {t("leave")}
      </Button>
    </section>
  );
}
