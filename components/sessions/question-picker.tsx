"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { PlannableQuestion } from "@/server/sessions/list-plannable-questions";

export type PlanDraftItem = { questionId: string; minutes: number };

const MAX_ITEMS = 30;
const MAX_RESULTS = 25;

/** Matches a search against title, slug and tags; every word must match somewhere. */
function matches(q: PlannableQuestion, words: string[]): boolean {
  const hay = [q.title, q.slug, ...q.tags].join(" ").toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * Picks questions from an organisation's published bank: search by title or tag, add, remove,
 * reorder, and minutes per question (the question's own time budget when added).
 */
export function QuestionPicker({ bank, items, onChange, lang, error }: { bank: PlannableQuestion[]; items: PlanDraftItem[]; onChange: (items: PlanDraftItem[]) => void; lang?: string; error?: string | undefined }) {
  const t = useTranslations("interviews");
  const [search, setSearch] = useState("");
  const [onlyLang, setOnlyLang] = useState(true);
  const byId = useMemo(() => new Map(bank.map((q) => [q.id, q])), [bank]);
  const chosen = new Set(items.map((i) => i.questionId));
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const results = bank.filter((q) => (!lang || !onlyLang || q.lang === lang) && matches(q, words));

  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length) return;
    const next = [...items];
    const [it] = next.splice(from, 1);
    if (it) next.splice(to, 0, it);
    onChange(next);
  };
  const setMinutes = (index: number, minutes: number) => onChange(items.map((it, i) => (i === index ? { ...it, minutes } : it)));

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <section aria-labelledby="picker-bank" className="space-y-2">
        <h3 id="picker-bank" className="text-sm font-semibold text-slate-700">
          {t("bankTitle", { count: bank.length })}
        </h3>
        <div className="flex flex-wrap items-center gap-3">
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("searchPlaceholder")} aria-label={t("search")} className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-1.5 text-sm" />
          {lang ? (
            <label className="flex items-center gap-1 text-xs text-slate-600">
              <input type="checkbox" checked={onlyLang} onChange={(e) => setOnlyLang(e.target.checked)} />
              {t("onlyLang", { lang: lang.toUpperCase() })}
            </label>
          ) : null}
        </div>
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white" data-testid="bank-results">
          {results.slice(0, MAX_RESULTS).map((q) => (
            <li key={q.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <div className="min-w-0">
                <p className="truncate font-medium">{q.title}</p>
                <p className="truncate text-xs text-slate-500">
                  {q.lang.toUpperCase()} · {t("minutesShort", { minutes: q.minutes })} · {q.tags.join(", ")}
                </p>
              </div>
              <button
                type="button"
                disabled={chosen.has(q.id) || items.length >= MAX_ITEMS}
                onClick={() => onChange([...items, { questionId: q.id, minutes: q.minutes }])}
                aria-label={t("addQuestion", { title: q.title })}
                className="shrink-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium disabled:opacity-40"
              >
                {chosen.has(q.id) ? t("added") : t("add")}
              </button>
            </li>
          ))}
          {results.length === 0 ? <li className="px-3 py-4 text-center text-sm text-slate-500">{t("noResults")}</li> : null}
          {results.length > MAX_RESULTS ? <li className="px-3 py-2 text-center text-xs text-slate-500">{t("moreResults", { count: results.length - MAX_RESULTS })}</li> : null}
        </ul>
      </section>
      <section aria-labelledby="picker-plan" className="space-y-2">
        <h3 id="picker-plan" className="text-sm font-semibold text-slate-700">
          {t("planTitle", { count: items.length, minutes: items.reduce((s, i) => s + i.minutes, 0) })}
        </h3>
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500">{t("planEmpty")}</p>
        ) : (
          <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="plan-items">
            {items.map((it, i) => {
              const q = byId.get(it.questionId);
              const title = q?.title ?? t("unknownQuestion");
              return (
                <li key={it.questionId} className="flex items-center gap-2 px-3 py-2 text-sm">
                  <span className="w-6 text-right text-xs text-slate-500">{i + 1}.</span>
                  <span className="min-w-0 flex-1 truncate font-medium">{title}</span>
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    <input
                      type="number"
                      min={1}
                      max={120}
                      value={it.minutes}
                      onChange={(e) => setMinutes(i, Math.max(1, Math.min(120, Math.round(Number(e.target.value) || 1))))}
                      aria-label={t("minutesFor", { title })}
                      className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm"
                    />
                    {t("min")}
                  </label>
                  <button type="button" onClick={() => move(i, i - 1)} disabled={i === 0} aria-label={t("moveUp", { title })} className="rounded px-1 text-slate-600 disabled:opacity-30">
                    ↑
                  </button>
                  <button type="button" onClick={() => move(i, i + 1)} disabled={i === items.length - 1} aria-label={t("moveDown", { title })} className="rounded px-1 text-slate-600 disabled:opacity-30">
                    ↓
                  </button>
                  <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))} aria-label={t("removeQuestion", { title })} className="rounded px-1 text-red-600">
                    ✕
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
