import type { FollowUpInput, Lang, QuestionFile } from "../questions/schema";
import type { ScoreResult } from "../scoring/engine";
import { normalisePrompt, templateFollowUp, type GapStatus } from "./templates";

/**
 * Whether to follow up on an answer, and about what. Pure and deterministic: the server owns this
 * decision (never an LLM, never the candidate's text), and `reason` is the audit trail a reviewer
 * reads later. Only the engine's key point statuses feed it, so an answer cannot talk its way out.
 */

export type FollowUpDecision =
  | {
      action: "follow-up";
      /** `quote`: for a contradiction, the answer's words that made the wrong claim (the engine's evidence), which a template asks about. */
      target: { keyPointId?: string; status: GapStatus; quote?: string };
      authored?: { id: string; prompt: string };
      reason: string;
    }
  | { action: "advance"; why: AdvanceWhy; reason: string };

/** Why the decision is to move on, as a code the interface words in the viewer's language (`reason` is the audit text). */
export const ADVANCE_WHY = ["depth", "time", "no-gap", "all-asked"] as const;
export type AdvanceWhy = (typeof ADVANCE_WHY)[number];

export const DEFAULT_MAX_DEPTH = 2;
/** A partly covered point this light is a detail, not a gap worth interview time. */
export const LOW_WEIGHT = 1;

const SEVERITY: Record<GapStatus, number> = { contradicted: 3, missing: 2, partly: 1 };
const WHEN_OF: Record<GapStatus, FollowUpInput["when"]> = { contradicted: "contradicted", missing: "missing", partly: "weak" };
/**
 * The author's question about the same point for the neighbouring condition, used when none was written
 * for this one: a missing point and a weak one call for the same probe more than for a template, which
 * can only read the point's statement out to the candidate. A contradiction has no neighbour: questions
 * written for one presuppose the error, and the template that names the conflict is the right move there.
 */
const NEIGHBOUR_OF: Record<GapStatus, FollowUpInput["when"] | undefined> = { contradicted: undefined, missing: "weak", partly: "missing" };

type Gap = { keyPointId: string; statement: string; status: GapStatus; weight: number; order: number; quote?: string };

export function decideFollowUp(opts: {
  question: QuestionFile;
  score: Pick<ScoreResult, "keyPoints" | "overall5">;
  askedFollowUpIds: string[];
  askedPrompts: string[];
  depth: number;
  maxDepth?: number;
  elapsedSeconds: number;
  budgetSeconds: number;
  lang: Lang;
}): FollowUpDecision {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (opts.depth >= maxDepth) return { action: "advance", why: "depth", reason: `follow-up depth ${opts.depth} reached the limit of ${maxDepth}` };
  if (opts.elapsedSeconds >= opts.budgetSeconds) {
    return { action: "advance", why: "time", reason: `time budget spent (${Math.round(opts.elapsedSeconds)}s of ${Math.round(opts.budgetSeconds)}s)` };
  }

  const gaps = gapsThatMatter(opts);
  if (gaps.length === 0) return { action: "advance", why: "no-gap", reason: "no key point gap matters (all covered, or only low-weight points partly covered)" };

  const askedIds = new Set(opts.askedFollowUpIds);
  const askedPrompts = new Set(opts.askedPrompts.map(normalisePrompt));
  const isNew = (f: { id?: string; prompt: string }) => !(f.id !== undefined && askedIds.has(f.id)) && !askedPrompts.has(normalisePrompt(f.prompt));

  for (const gap of gaps) {
    const why = `key point "${gap.keyPointId}" ${gap.status === "partly" ? "weak" : gap.status} (weight ${gap.weight})`;
    const target = { keyPointId: gap.keyPointId, status: gap.status, ...(gap.quote ? { quote: gap.quote } : {}) };
    const authored = findAuthored({ followUps: opts.question.followUps, gap, askedIds, isNew });
    if (authored) {
      const borrowed = authored.when !== "any" && authored.when !== WHEN_OF[gap.status] ? ` (written for a ${authored.when} point)` : "";
      return { action: "follow-up", target, authored: { id: authored.id, prompt: authored.prompt }, reason: `${why}; authored follow-up ${authored.id}${borrowed}` };
    }
    const template = templateFollowUp({ status: gap.status, statement: gap.statement, lang: opts.lang, quote: gap.quote });
    if (isNew({ prompt: template })) return { action: "follow-up", target, reason: `${why}; template follow-up (no unasked authored follow-up fits)` };
  }
  return { action: "advance", why: "all-asked", reason: `every gap that matters was already asked about (${gaps.map((g) => g.keyPointId).join(", ")})` };
}

/** Most severe first, then heaviest, then the author's order, so ties are stable. */
function gapsThatMatter({ question, score }: { question: QuestionFile; score: Pick<ScoreResult, "keyPoints"> }): Gap[] {
  const authored = new Map(question.keyPoints.map((k, i) => [k.id, { weight: k.weight, order: i, statement: k.statement }]));
  const gaps: Gap[] = [];
  score.keyPoints.forEach((kp, i) => {
    if (kp.status === "covered") return;
    const info = authored.get(kp.id);
    const weight = info?.weight ?? LOW_WEIGHT;
    if (kp.status === "partly" && weight <= LOW_WEIGHT) return;
    const quote = kp.status === "contradicted" ? kp.evidence.map((e) => e.text.trim()).find(Boolean) : undefined;
    gaps.push({ keyPointId: kp.id, statement: info?.statement ?? kp.statement, status: kp.status, weight, order: info?.order ?? question.keyPoints.length + i, ...(quote ? { quote } : {}) });
  });
  return gaps.sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status] || b.weight - a.weight || a.order - b.order);
}

/**
 * The first unasked authored follow-up for the gap, in the author's order. A follow-up already asked
 * opens its nested follow-ups (the author's deeper probe); an unasked one hides them. Follow-ups aimed
 * at this key point win over ones without a key point ("always relevant"), and both win over one
 * aimed at this key point for the neighbouring condition (NEIGHBOUR_OF).
 */
function findAuthored({
  followUps,
  gap,
  askedIds,
  isNew,
}: {
  followUps: FollowUpInput[];
  gap: Gap;
  askedIds: Set<string>;
  isNew: (f: { id: string; prompt: string }) => boolean;
}): FollowUpInput | undefined {
  const exact = WHEN_OF[gap.status];
  const neighbour = NEIGHBOUR_OF[gap.status];
  const passes: ((f: FollowUpInput) => boolean)[] = [
    (f) => f.keyPoint === gap.keyPointId && (f.when === "any" || f.when === exact),
    (f) => f.keyPoint === undefined && (f.when === "any" || f.when === exact),
    (f) => neighbour !== undefined && f.keyPoint === gap.keyPointId && f.when === neighbour,
  ];
  for (const fits of passes) {
    const found = walk(followUps, (f) => fits(f) && isNew(f), askedIds);
    if (found) return found;
  }
  return undefined;
}

function walk(list: FollowUpInput[], accept: (f: FollowUpInput) => boolean, askedIds: Set<string>): FollowUpInput | undefined {
  for (const f of list) {
    if (accept(f)) return f;
    if (askedIds.has(f.id) && f.followUps) {
      const nested = walk(f.followUps, accept, askedIds);
      if (nested) return nested;
    }
  }
  return undefined;
}
