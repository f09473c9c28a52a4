"use client";

import { useTranslations } from "next-intl";
import { useDeferredValue, useMemo, useState } from "react";
import type { QuestionDraft } from "@/lib/questions/draft";
import { scoreAnswerSync } from "@/lib/scoring/engine";
import { normalizeDraft } from "./draft-utils";
import { Section } from "./editor-fields";

const STATUS_STYLE: Record<string, string> = {
  covered: "bg-emerald-100 text-emerald-800",
  partly: "bg-amber-100 text-amber-800",
  missing: "bg-slate-100 text-slate-600",
  contradicted: "bg-red-100 text-red-800",
};

/**
 * Type a sample answer and see, as you type, what the scoring engine makes of it: the score,
 * each key point's status with its evidence, and the feedback. The engine is pure TypeScript,
 * so it runs here in the browser in its lexical mode (neural similarity needs the server's models).
 */
export function TryAnswerPanel({ draft }: { draft: QuestionDraft }) {
  const t = useTranslations("authoring");
  const [answer, setAnswer] = useState("");
  const deferred = useDeferredValue(answer);
  const question = useMemo(() => {
    const d = normalizeDraft(draft);
    return { prompt: d.prompt, referenceAnswer: d.referenceAnswer, lang: d.lang, keyPoints: d.keyPoints, rubric: d.rubric };
  }, [draft]);
  const result = useMemo(() => (deferred.trim() ? scoreAnswerSync({ question, answer: deferred }) : null), [question, deferred]);
  return (
    <Section title={t("tryAnswer")}>
      <p className="text-xs text-slate-600">{t("tryAnswerNote")}</p>
      <label className="block text-xs font-medium text-slate-600" htmlFor="try-answer">
        {t("sampleAnswer")}
      </label>
      <textarea id="try-answer" rows={5} className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" value={answer} onChange={(e) => setAnswer(e.target.value)} />
      {result ? (
        <>
          <p className="text-sm" data-testid="try-score">
            {t("engineScore", { score: result.overall5.toFixed(1), confidence: Math.round(result.confidence * 100) })}
            {result.criteria.length ? <span className="ml-2 text-xs text-slate-500">{result.criteria.map((c) => `${c.id} ${c.score5.toFixed(1)}`).join(" · ")}</span> : null}
          </p>
          <ul className="space-y-1">
            {result.keyPoints.map((kp) => (
              <li key={kp.id} className="flex items-start gap-2 text-sm" data-testid={`try-kp-${kp.id}`} data-status={kp.status}>
                <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_STYLE[kp.status] ?? ""}`}>{t(`kpStatus.${kp.status}`)}</span>
                <span>
                  <span className="font-mono text-xs text-slate-500">{kp.id}</span>
                  {kp.evidence.length ? <span className="ml-2 text-slate-600">“{kp.evidence.map((e) => e.text).join("”, “")}”</span> : null}
                </span>
              </li>
            ))}
          </ul>
          {[...result.feedback.good, ...result.feedback.missing, ...result.feedback.wrong].length ? (
            <ul className="list-disc pl-5 text-xs text-slate-600" data-testid="try-feedback">
              {[...result.feedback.good, ...result.feedback.missing, ...result.feedback.wrong].map((f, i) => (
                <li key={i}>{f}</li>
              ))}
            </ul>
          ) : null}
          {result.flags.length ? <p className="text-xs text-amber-700">{result.flags.join(", ")}</p> : null}
        </>
      ) : null}
    </Section>
  );
}
