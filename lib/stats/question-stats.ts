import { mean, sampleCorrelation } from "simple-statistics";

/** One main turn of a question in one session, reduced to what the statistics need (scores 0-5). */
export type QuestionObservation = {
  sessionId: string;
  answered: boolean;
  /** One score per human rater. */
  humanScores: number[];
  /** The engine's score, when it has scored the answer. */
  aiScore: number | null;
  /** Mean score of the other questions of the same session (same rule as `observationScore`). */
  restOfSession: number | null;
};

export type StatisticReason = "not enough data" | "no variance";

/** A statistic is either a value with the sample it came from, or an honest reason why there is none. */
export type Statistic<Extra extends object = object> = ({ value: number; n: number } & Extra) | { value: null; n: number; reason: StatisticReason };

export type QuestionStats = {
  timesAsked: number;
  answered: number;
  meanScore: Statistic;
  /** Mean score / 5: the classical item difficulty index (higher = easier). */
  facility: Statistic;
  /** Pearson correlation of this question's score with the rest of the session. */
  discrimination: Statistic;
  /** Mean absolute difference between human raters of the same answer (0-5). */
  raterDisagreement: Statistic<{ agreementWithin1: number }>;
  /** Mean of (engine - mean human); positive means the engine is more generous. */
  aiHumanGap: Statistic<{ meanAbsoluteGap: number }>;
};

export const DEFAULT_MIN_SAMPLE = 5;
/** A correlation of fewer than five pairs is noise whatever the caller's threshold. */
const MIN_CORRELATION_SAMPLE = 5;
// Scores like 2.2 and 1.2 differ by 1.0000000000000002 in floating point; that is still "within 1".
const EPSILON = 1e-9;

/** Human raters outrank the engine: the mean of the human scores if any, else the engine's, else none. */
export function observationScore({ humanScores, aiScore }: { humanScores: number[]; aiScore: number | null }): number | null {
  if (humanScores.length > 0) return mean(humanScores);
  return aiScore;
}

const missing = (n: number, reason: StatisticReason = "not enough data") => ({ value: null, n, reason }) as const;
const constant = (xs: number[]) => Math.max(...xs) - Math.min(...xs) < EPSILON;

function pairwiseGaps(scores: number[]): number[] {
  const gaps: number[] = [];
  scores.forEach((a, i) => scores.slice(i + 1).forEach((b) => gaps.push(Math.abs(a - b))));
  return gaps;
}

export function computeQuestionStats({ observations, minSample = DEFAULT_MIN_SAMPLE }: { observations: QuestionObservation[]; minSample?: number }): QuestionStats {
  if (!Number.isInteger(minSample) || minSample < 1) throw new RangeError(`minSample must be a positive integer, got ${minSample}`);
  const enough = (n: number) => n >= minSample;

  const scored = observations.flatMap((o) => {
    const score = observationScore(o);
    return score === null ? [] : [{ ...o, score }];
  });
  const scores = scored.map((o) => o.score);
  const meanScore = enough(scores.length) ? mean(scores) : null;

  const paired = scored.flatMap((o) => (o.restOfSession === null ? [] : [{ x: o.score, y: o.restOfSession }]));
  const xs = paired.map((p) => p.x);
  const ys = paired.map((p) => p.y);
  const discrimination: Statistic =
    paired.length < Math.max(minSample, MIN_CORRELATION_SAMPLE)
      ? missing(paired.length)
      : constant(xs) || constant(ys)
        ? missing(paired.length, "no variance")
        : { value: sampleCorrelation(xs, ys), n: paired.length };

  // Each answer weighs the same, however many raters it had, so a heavily reviewed session
  // does not drown the others.
  const rated = observations.filter((o) => o.humanScores.length >= 2).map((o) => pairwiseGaps(o.humanScores));
  const raterDisagreement: Statistic<{ agreementWithin1: number }> = enough(rated.length)
    ? {
        value: mean(rated.map((gaps) => mean(gaps))),
        agreementWithin1: mean(rated.map((gaps) => gaps.filter((g) => g <= 1 + EPSILON).length / gaps.length)),
        n: rated.length,
      }
    : missing(rated.length);

  const gaps = observations.flatMap((o) => (o.aiScore !== null && o.humanScores.length > 0 ? [o.aiScore - mean(o.humanScores)] : []));
  const aiHumanGap: Statistic<{ meanAbsoluteGap: number }> = enough(gaps.length)
    ? { value: mean(gaps), meanAbsoluteGap: mean(gaps.map(Math.abs)), n: gaps.length }
    : missing(gaps.length);

  return {
    timesAsked: observations.length,
    answered: observations.filter((o) => o.answered).length,
    meanScore: meanScore === null ? missing(scores.length) : { value: meanScore, n: scores.length },
    facility: meanScore === null ? missing(scores.length) : { value: meanScore / 5, n: scores.length },
    discrimination,
    raterDisagreement,
    aiHumanGap,
  };
}
