import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { z } from "zod";
import { ZQuestionFile } from "@/lib/questions/schema";
import { parseCsv } from "@/lib/scoring/csv";

const root = path.join(import.meta.dirname, "../..");
const fixture = path.join(root, "tests/fixtures/scoring/zh-graded.csv");
const HEADER = ["id", "question", "desired_answer", "student_answer", "score_avg", "kind"];

/** Score band a careful interviewer would give each kind, per tests/fixtures/scoring/README.md. */
const BANDS = {
  excellent: [4.5, 5],
  paraphrase: [4, 5],
  "mixed-language": [4, 5],
  english: [4, 5],
  partial: [2, 3],
  shallow: [1, 2],
  "keyword-stuffed-wrong": [0, 1.5],
  misconception: [0.5, 2],
  "off-topic": [0, 0],
  "empty-ish": [0, 0],
  injection: [0, 0.5],
} as const satisfies Record<string, readonly [number, number]>;
type Kind = keyof typeof BANDS;
const KINDS = Object.keys(BANDS) as Kind[];


const ZRow = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  question: z.string().trim().min(1),
  desired_answer: z.string().trim().min(1),
  student_answer: z.string(),
  score_avg: z
    .string()
    .regex(/^\d(?:\.\d)?$/, "0-5 with at most one decimal")
    .transform(Number),
  kind: z.enum(KINDS as [Kind, ...Kind[]]),
});

const text = readFileSync(fixture, "utf8");
const [header, ...records] = parseCsv(text);
const rows = records.map((r) => ZRow.parse(Object.fromEntries(HEADER.map((h, i) => [h, r[i]]))));
const ids = [...new Set(rows.map((r) => r.id))];
const rowsOf = (id: string) => rows.filter((r) => r.id === id);

const CJK = /[\u3400-\u9fff]/;
/** Words a scorer can match on: Latin words and Chinese character bigrams (no segmenter needed). */
const terms = (s: string) => {
  const lower = s.toLowerCase();
  const out = new Set(lower.match(/[a-z][a-z0-9]+/g) ?? []);
  for (const run of lower.match(/[\u3400-\u9fff]+/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
};
/** Share of an answer's terms that also occur in the reference. */
const overlap = (answer: string, reference: string) => {
  const a = terms(answer);
  const ref = terms(reference);
  return a.size === 0 ? 0 : [...a].filter((t) => ref.has(t)).length / a.size;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("zh graded scoring set: file format", () => {
  it("parses quoted commas, doubled quotes and line breaks the RFC 4180 way", () => {
    expect(parseCsv('a,"b,c","say ""hi""","x\r\ny"\r\n1,,3,4\r\n')).toEqual([
      ["a", "b,c", 'say "hi"', "x\r\ny"],
      ["1", "", "3", "4"],
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });

  it("is UTF-8 without a byte-order mark and starts with the agreed header", () => {
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain("\uFFFD");
    expect(header).toEqual(HEADER);
  });

  it("has six fields in every record and keeps every field on one line", () => {
    for (const r of records) expect(r).toHaveLength(HEADER.length);
    for (const r of rows) {
      for (const v of [r.question, r.desired_answer, r.student_answer]) expect(v).not.toMatch(/[\r\n]/);
    }
  });
});

describe("zh graded scoring set: coverage", () => {
  it("holds 12 bank questions with 12 answers each", () => {
    expect(ids).toHaveLength(12);
    expect(rows).toHaveLength(144);
    for (const id of ids) expect(rowsOf(id), id).toHaveLength(12);
  });

  it("gives every question every kind, and at least two keyword-stuffed wrong answers", () => {
    for (const id of ids) {
      const kinds = rowsOf(id).map((r) => r.kind);
      expect(new Set(kinds), id).toEqual(new Set(KINDS));
      expect(kinds.filter((k) => k === "keyword-stuffed-wrong").length, id).toBeGreaterThanOrEqual(2);
    }
  });

  it("uses ids of Chinese bank questions and their prompts as the question text", () => {
    for (const id of ids) {
      const file = path.join(root, "questions/llm", `${id}.zh.yaml`);
      expect(existsSync(file), file).toBe(true);
      const bank = ZQuestionFile.parse(YAML.parse(readFileSync(file, "utf8")));
      const prompt = bank.prompt.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join(" ");
      for (const r of rowsOf(id)) expect(r.question, id).toBe(prompt);
    }
  });

  it("keeps one Chinese reference answer of 3-6 sentences per question", () => {
    for (const id of ids) {
      const refs = new Set(rowsOf(id).map((r) => r.desired_answer));
      expect(refs.size, id).toBe(1);
      const ref = [...refs][0]!;
      expect(ref).toMatch(CJK);
      const sentences = ref.split("。").filter((s) => s.trim() !== "").length;
      expect(sentences, id).toBeGreaterThanOrEqual(3);
      expect(sentences, id).toBeLessThanOrEqual(6);
    }
  });
});

describe("zh graded scoring set: answers and scores", () => {
  it("scores every answer inside its kind's band", () => {
    for (const r of rows) {
      const [lo, hi] = BANDS[r.kind];
      expect(r.score_avg, `${r.id} ${r.kind}`).toBeGreaterThanOrEqual(lo);
      expect(r.score_avg, `${r.id} ${r.kind}`).toBeLessThanOrEqual(hi);
    }
  });

  it("keeps wrong answers that reuse the right words at 2 of 5 or below", () => {
    const wrong = rows.filter((r) => r.kind === "keyword-stuffed-wrong" || r.kind === "misconception");
    expect(wrong.length).toBeGreaterThanOrEqual(36);
    for (const r of wrong) expect(r.score_avg, `${r.id} ${r.kind}`).toBeLessThanOrEqual(2);
  });

  it("has a non-empty, distinct answer in every row and never copies the reference", () => {
    for (const r of rows) {
      // Only an empty-ish answer could plausibly be blank; none is, but the band allows it.
      if (r.kind !== "empty-ish") expect(r.student_answer.trim(), `${r.id} ${r.kind}`).not.toBe("");
      expect(r.student_answer).not.toBe(r.desired_answer);
    }
    for (const id of ids) {
      const answers = rowsOf(id).map((r) => r.student_answer);
      expect(new Set(answers).size, id).toBe(answers.length);
    }
  });

  it("writes each kind in the language it claims", () => {
    for (const r of rows) {
      const latinWords = r.student_answer.match(/[A-Za-z][A-Za-z0-9_]*/g)?.length ?? 0;
      if (r.kind === "english") expect(r.student_answer, r.id).not.toMatch(CJK);
      else expect(r.student_answer, `${r.id} ${r.kind}`).toMatch(CJK);
      if (r.kind === "mixed-language") expect(latinWords, r.id).toBeGreaterThanOrEqual(20);
    }
  });

  it("words keyword-stuffed answers like the reference and paraphrases unlike it", () => {
    for (const id of ids) {
      const qs = rowsOf(id);
      const ref = qs[0]!.desired_answer;
      const of = (k: Kind) => qs.filter((r) => r.kind === k).map((r) => overlap(r.student_answer, ref));
      const stuffed = mean(of("keyword-stuffed-wrong"));
      const paraphrase = mean(of("paraphrase"));
      expect(stuffed, id).toBeGreaterThan(paraphrase);
      expect(paraphrase, id).toBeLessThan(mean(of("excellent")));
    }
  });
});
