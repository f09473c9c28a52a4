import { z } from "zod";
import { parseCsvRecords } from "./csv";
import type { Features } from "./features";
import { computeGroupFeatures, type GroupFeatures } from "./peer-signals";
import { extractSignals, keyPointsFor } from "./signals";
import { buildIdfTable, type IdfTable } from "./terms";

/**
 * Graded answer datasets (the Mohler CSV and ones like it): rows, question groups, folds that hold
 * out whole questions, and features computed with the engine's own signal code.
 */

export type DatasetRow = { index: number; id: string; question: string; reference: string; answer: string; human: number; record: Record<string, string> };

const ZRow = z.object({
  id: z.string().trim().min(1),
  question: z.string(),
  desired_answer: z.string(),
  student_answer: z.string(),
  score_avg: z.coerce.number().min(0).max(5),
});

export function readDataset(csvText: string): { header: string[]; rows: DatasetRow[] } {
  const { header, records } = parseCsvRecords(csvText);
  const missing = ["id", "question", "desired_answer", "student_answer", "score_avg"].filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`dataset is missing column(s): ${missing.join(", ")}`);
  const rows = records.map((record, index) => {
    const parsed = ZRow.safeParse(record);
    if (!parsed.success) throw new Error(`dataset row ${index + 2}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const r = parsed.data;
    return { index, id: r.id, question: r.question, reference: r.desired_answer, answer: r.student_answer, human: r.score_avg, record };
  });
  return { header, rows };
}

/** Question ids in first-seen order, dealt round-robin into k folds: deterministic and balanced. */
export function groupFolds(rows: readonly DatasetRow[], k: number): number[] {
  const ids = [...new Set(rows.map((r) => r.id))];
  const foldOf = new Map(ids.map((id, i) => [id, i % k]));
  return rows.map((r) => foldOf.get(r.id)!);
}

/** IDF from the texts of the questions (prompt + reference) and their answers — never from grades. */
export function idfForRows(rows: readonly DatasetRow[]): IdfTable {
  const questions = new Map<string, string>();
  for (const r of rows) questions.set(r.id, `${r.question}\n${r.reference}`);
  return buildIdfTable({ texts: [...questions.values(), ...rows.map((r) => r.answer)] });
}

export function featurizeRows(rows: readonly DatasetRow[], idf: IdfTable): Features[] {
  const kpCache = new Map<string, ReturnType<typeof keyPointsFor>>();
  return rows.map((r) => {
    const question = { prompt: r.question, referenceAnswer: r.reference };
    let kps = kpCache.get(r.id);
    if (!kps) kpCache.set(r.id, (kps = keyPointsFor({ question, idf })));
    return extractSignals({ question, keyPoints: kps.keyPoints, answer: r.answer, idf }).features;
  });
}

/** Base features plus peer features, each answer's peers being the other answers of its question (never their grades). */
export function featurizeRowsWithPeers(rows: readonly DatasetRow[], idf: IdfTable, base: readonly Features[] = featurizeRows(rows, idf)): GroupFeatures[] {
  const out = new Array<GroupFeatures>(rows.length);
  const byQuestion = new Map<string, number[]>();
  rows.forEach((r, k) => byQuestion.set(r.id, [...(byQuestion.get(r.id) ?? []), k]));
  for (const members of byQuestion.values()) {
    const first = rows[members[0]!]!;
    const group = computeGroupFeatures({ prompt: first.question, reference: first.reference, answers: members.map((k) => rows[k]!.answer), base: members.map((k) => base[k]!), idf });
    members.forEach((k, g) => (out[k] = group.get(g)!));
  }
  return out;
}
