"use client";

import { useTranslations } from "next-intl";
import { useDeferredValue, useMemo, useState } from "react";
import type { QuestionDraft } from "@/lib/questions/draft";
import { matchKeyPoints } from "@/lib/scoring/match-key-points";
import { normalizeDraft } from "./draft-utils";
import { Section } from "./editor-fields";

const STATUS_STYLE: Record<string, string> = {
  covered: "bg-emerald-100 text-emerald-800",
  partly: "bg-amber-100 text-amber-800",
  missing: "bg-slate-100 text-slate-600",
  contradicted: "bg-red-100 text-red-800",
};

/** Type a sample answer and see, as you type, which key points it covers (runs in the browser). */
export function TryAnswerPanel({ draft }: { draft: QuestionDraft }) {
  const t = useTranslations("authoring");
  const [answer, setAnswer] = useState("");
  const deferred = useDeferredValue(answer);
  const keyPoints = useMemo(() => normalizeDraft(draft).keyPoints, [draft]);
  const result = useMemo(() => matchKeyPoints({ keyPoints, answer: deferred }), [keyPoints, deferred]);
  return (
    <Section title={t("tryAnswer")}>
      <p className="text-xs text-slate-600">{t("tryAnswerNote")}</p>
      <label className="block text-xs font-medium text-slate-600" htmlFor="try-answer">
        {t("sampleAnswer")}
      </label>
      <textarea id="try-answer" rows={5} className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" value={answer} onChange={(e) => setAnswer(e.target.value)} />
      <p className="text-sm" data-testid="try-score">
        {t("provisionalScore", { score: result.score5.toFixed(1), coverage: Math.round(result.coverage * 100) })}
      </p>
      <ul className="space-y-1">
        {result.keyPoints.map((kp) => (
          <li key={kp.id} className="flex items-start gap-2 text-sm" data-testid={`try-kp-${kp.id}`} data-status={kp.status}>
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[kp.status] ?? ""}`}>{t(`kpStatus.${kp.status}`)}</span>
            <span>
              <span className="font-mono text-xs text-slate-500">{kp.id}</span>
              {kp.evidence.length ? <span className="ml-2 text-slate-600">“{kp.evidence.map((e) => e.text).join("”, “")}”</span> : null}
              {kp.contradictions.length ? <span className="ml-2 text-red-700">{kp.contradictions.map((c) => c.statement).join("; ")}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
