import { createHash } from "node:crypto";
import { z } from "zod";
import { ENGINE_VERSION, fitCalibration } from "../../lib/scoring/engine";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { PermanentJobError } from "./queue";

export const ZCalibrateQuestionPayload = z.strictObject({ questionId: z.string().min(1).max(64) });
export type CalibrateQuestionResult = { calibrationId: string | null; created: boolean; n: number };

const ZRawDetails = z.object({ calibration: z.object({ rawOverall5: z.number() }).optional() });

export type GradedPair = { answerId: string; engineScore5: number; humanScore5: number; answer: string; humanScoreIds: string[] };

/**
 * The (engine, human) pairs of a question: every answer to any of its versions that has HUMAN scores
 * and an engine score from the current engine version. Several reviewers' grades of one answer are
 * averaged; the engine side is the raw (uncalibrated) score, so a calibration never feeds on itself.
 */
export async function loadGradedPairs({ db, questionId }: { db: Database; questionId: string }): Promise<GradedPair[]> {
  const answers = await db.prisma.answer.findMany({
    where: { turn: { questionVersion: { questionId } }, scores: { some: { source: "HUMAN" } } },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      text: true,
      scores: {
        where: { OR: [{ source: "HUMAN" }, { source: "ENGINE", engineVersion: ENGINE_VERSION }] },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, source: true, overall5: true, details: true },
      },
    },
  });
  const pairs: GradedPair[] = [];
  for (const a of answers) {
    const human = a.scores.filter((s) => s.source === "HUMAN");
    const engine = a.scores.filter((s) => s.source === "ENGINE").at(-1);
    if (!engine || human.length === 0) continue;
    const engineScore5 = ZRawDetails.safeParse(engine.details).data?.calibration?.rawOverall5 ?? engine.overall5;
    pairs.push({ answerId: a.id, engineScore5, humanScore5: human.reduce((s, h) => s + h.overall5, 0) / human.length, answer: a.text, humanScoreIds: human.map((h) => h.id) });
  }
  return pairs;
}

/** Names exactly what a fit read, so the same grades fitted twice are one calibration. */
export function calibrationFitKey({ questionVersionId, pairs }: { questionVersionId: string; pairs: GradedPair[] }): string {
  const h = createHash("sha256").update(`${questionVersionId}\n${ENGINE_VERSION}\n`);
  for (const p of [...pairs].sort((a, b) => a.answerId.localeCompare(b.answerId))) h.update(`${p.answerId}:${p.engineScore5}:${p.humanScore5}:${p.humanScoreIds.join(",")}\n`);
  return h.digest("hex");
}

/**
 * Fits lib/scoring's calibration to a question's human grades and stores it (question, latest
 * version, n, parameters, engine version). Nothing is stored without human grades. Idempotent: the
 * fit key is unique, so a retry or a second job over the same grades returns the stored row.
 */
export async function calibrateQuestionJob({ db, questionId }: { db: Database; questionId: string }): Promise<CalibrateQuestionResult> {
  const latest = await db.prisma.questionVersion.findFirst({ where: { questionId }, orderBy: { version: "desc" }, select: { id: true, content: true } });
  if (!latest) throw new PermanentJobError(`question ${questionId} has no published version to calibrate`);
  const pairs = await loadGradedPairs({ db, questionId });
  if (pairs.length === 0) return { calibrationId: null, created: false, n: 0 };
  const fitKey = calibrationFitKey({ questionVersionId: latest.id, pairs });
  const existing = await db.prisma.questionCalibration.findUnique({ where: { fitKey }, select: { id: true, n: true } });
  if (existing) return { calibrationId: existing.id, created: false, n: existing.n };

  // The prompt lets the calibration ignore words an answer merely repeats from the question.
  const prompt = (latest.content as { prompt?: unknown }).prompt;
  const fit = fitCalibration({ questionKey: questionId, graded: pairs, ...(typeof prompt === "string" ? { prompt } : {}) });
  try {
    const row = await db.prisma.questionCalibration.create({
      data: { questionId, questionVersionId: latest.id, engineVersion: ENGINE_VERSION, method: fit.method, n: pairs.length, parameters: fit.data as Prisma.InputJsonValue, fitKey },
      select: { id: true },
    });
    return { calibrationId: row.id, created: true, n: pairs.length };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await db.prisma.questionCalibration.findUnique({ where: { fitKey }, select: { id: true, n: true } });
    if (!stored) throw err;
    return { calibrationId: stored.id, created: false, n: stored.n };
  }
}
