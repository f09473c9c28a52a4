import type { MatchableKeyPoint } from "./match-key-points";
import { contentTerms, idfOf, type IdfTable } from "./terms";

/**
 * Key points from a reference answer when an author wrote none (the eval CSVs, a question just typed):
 * one point per sentence or clause, its aliases the clause's content terms and adjacent term pairs.
 * Words the question already contains are dropped from the aliases (unless nothing else is left),
 * because repeating the question is no evidence of knowing the answer.
 */

export type DerivedKeyPoint = MatchableKeyPoint & { statement: string };

const MAX_POINTS = 7;
const MAX_ALIASES = 12;

/** Sentences, then clauses for long sentences; Markdown markup and code fences are plain text here. */
function splitClauses(reference: string): string[] {
  const plain = reference.replace(/```[\s\S]*?```/g, " ").replace(/[#*_`>|$]/g, " ");
  const sentences = plain.split(/(?<=[.!?。！？；;])\s+|(?<=[。！？；])|\n{2,}|\n(?=\s*[-*\d])/);
  const out: string[] = [];
  for (const s of sentences) {
    const t = s.trim();
    if (!t) continue;
    if (contentTerms(t).length <= 10) out.push(t);
    else out.push(...t.split(/(?<=[,，:：])\s*/).map((c) => c.trim()).filter(Boolean));
  }
  return out;
}

export function deriveKeyPoints({ referenceAnswer, prompt = "", idf }: { referenceAnswer: string; prompt?: string; idf?: IdfTable }): DerivedKeyPoint[] {
  const asked = new Set(contentTerms(prompt).map((t) => t.key));
  let groups = splitClauses(referenceAnswer)
    .map((statement) => ({ statement, terms: contentTerms(statement) }))
    .filter((g) => g.terms.length > 0);
  // Clauses too small to stand alone join the previous one, so a point is never a single stray word.
  const merged: typeof groups = [];
  for (const g of groups) {
    const last = merged[merged.length - 1];
    if (last && (g.terms.length < 2 || last.terms.length < 2)) merged[merged.length - 1] = { statement: `${last.statement} ${g.statement}`, terms: [...last.terms, ...g.terms] };
    else merged.push(g);
  }
  groups = merged;
  // Too many clauses: keep the ones with the most information, in their original order.
  const weightOf = (terms: typeof groups[number]["terms"]) => [...new Set(terms.map((t) => t.key))].reduce((s, k) => s + idfOf(idf, k), 0);
  if (groups.length > MAX_POINTS) {
    const keep = new Set(groups.map((g, i) => [weightOf(g.terms), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, MAX_POINTS).map(([, i]) => i));
    groups = groups.filter((_, i) => keep.has(i));
  }
  return groups.map((g, i) => {
    const fresh = g.terms.filter((t) => !asked.has(t.key));
    const terms = fresh.length > 0 ? fresh : g.terms;
    const aliases: string[] = [];
    const seen = new Set<string>();
    const add = (a: string) => {
      if (seen.has(a)) return;
      seen.add(a);
      aliases.push(a);
    };
    // Single terms by information, then adjacent pairs as written ("behaviour of portions"): a matched
    // pair is the stronger evidence the matcher looks for.
    const byInfo = [...terms].sort((a, b) => idfOf(idf, b.key) - idfOf(idf, a.key) || a.start - b.start);
    for (const t of byInfo.slice(0, MAX_ALIASES - 4)) add(t.text);
    for (let k = 0; k + 1 < g.terms.length; k++) {
      const a = g.terms[k]!;
      const b = g.terms[k + 1]!;
      if (b.end - a.start <= 40 && (!asked.has(a.key) || !asked.has(b.key))) add(g.statement.slice(a.start, b.end));
    }
    return { id: `point-${i + 1}`, statement: g.statement, weight: Math.round(weightOf(terms) * 100) / 100 || 1, aliases: aliases.slice(0, MAX_ALIASES) };
  });
}
