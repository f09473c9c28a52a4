/**
 * Rubric criteria from the overall score: each criterion gets the overall 0-5 score, adjusted by what
 * it is about (correctness drops with contradicted points, completeness follows key point coverage),
 * and is mapped to the nearest anchored level the author wrote for this question.
 */

export type RubricCriterion = { id: string; name: string; weight: number; levels: { score: number; label: string; description: string }[] };
export type CriterionScore = { id: string; score5: number; level: number; label: string };

export function scoreCriteria(opts: { rubric: readonly RubricCriterion[]; overall5: number; coverage: number; contradicted: number }): CriterionScore[] {
  return opts.rubric.map((c) => {
    const about = `${c.id} ${c.name}`.toLowerCase();
    let s = opts.overall5;
    if (/correct|accura|正确|准确/.test(about)) s -= 1.5 * opts.contradicted;
    else if (/complete|coverage|depth|完整|全面|深度/.test(about)) s = (s + 5 * opts.coverage) / 2;
    const score5 = Math.round(Math.min(5, Math.max(0, s)) * 10) / 10;
    const nearest = [...c.levels].sort((a, b) => Math.abs(a.score - score5) - Math.abs(b.score - score5) || a.score - b.score)[0];
    return { id: c.id, score5, level: nearest?.score ?? 0, label: nearest?.label ?? "" };
  });
}
