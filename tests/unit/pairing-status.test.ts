import { describe, expect, it } from "vitest";
import { DEFAULT_RELAXATION, type Waiter } from "@/lib/pairing/criteria";
import { pickQuestions, type BankQuestion } from "@/lib/pairing/pick-questions";
import { queueStatus } from "@/lib/pairing/status";

const T0 = 1_700_000_000_000;
const w = (id: string, role: Waiter["role"], joinedSec: number, extra: Partial<Waiter> = {}): Waiter => ({
  id,
  userId: `u-${id}`,
  role,
  tags: ["rag"],
  level: "medium",
  lang: "zh",
  joinedAt: T0 + joinedSec * 1000,
  ...extra,
});

describe("pairing: queue status", () => {
  const queue = [w("a", "CANDIDATE", 0), w("b", "CANDIDATE", 10), w("c", "INTERVIEWER", 12, { tags: [] }), w("d", "CANDIDATE", 10, { id: "0d" })];

  it("gives each waiter its place among the same role, the wait and the criteria in force", () => {
    const now = T0 + 25_500;
    expect(queueStatus(queue, "a", now, DEFAULT_RELAXATION)).toEqual({
      entryId: "a",
      position: 1,
      waitingSeconds: 25,
      waiting: 4,
      criteria: { tags: ["rag"], level: "medium", lang: "zh", relaxed: ["level"] },
      relaxesInSeconds: 20,
    });
    // Same arrival second: the smaller id is ahead.
    expect(queueStatus(queue, "0d", now, DEFAULT_RELAXATION)?.position).toBe(2);
    expect(queueStatus(queue, "b", now, DEFAULT_RELAXATION)?.position).toBe(3);
    expect(queueStatus(queue, "c", now, DEFAULT_RELAXATION)).toMatchObject({ position: 1, waitingSeconds: 13, criteria: { relaxed: [] }, relaxesInSeconds: 7 });
    expect(queueStatus(queue, "nobody", now, DEFAULT_RELAXATION)).toBeUndefined();
  });

  it("reports every criterion relaxed and no countdown after 90 s", () => {
    expect(queueStatus(queue, "a", T0 + 120_000, DEFAULT_RELAXATION)).toMatchObject({ criteria: { relaxed: ["level", "tags", "lang"] }, relaxesInSeconds: null });
  });
});

describe("pairing: choosing questions for a pair", () => {
  const bank: BankQuestion[] = [
    { id: "q-rag-en", lang: "en", difficulty: "medium", tags: ["rag"] },
    { id: "q-rag-zh-hard", lang: "zh", difficulty: "hard", tags: ["rag", "retrieval"] },
    { id: "q-rag-zh", lang: "zh", difficulty: "medium", tags: ["rag"] },
    { id: "q-rope-zh", lang: "zh", difficulty: "medium", tags: ["rope"] },
    { id: "q-rlhf-en", lang: "en", difficulty: "easy", tags: ["rlhf"] },
  ];

  it("prefers the language, then shared topics, then the level", () => {
    expect(pickQuestions({ bank, lang: "zh", level: "medium", tags: ["rag", "retrieval"], count: 2, seed: "s" }).map((q) => q.id)).toEqual(["q-rag-zh-hard", "q-rag-zh"]);
    expect(pickQuestions({ bank, lang: "zh", level: "medium", tags: ["rag"], count: 1, seed: "s" }).map((q) => q.id)).toEqual(["q-rag-zh"]);
    // No English question about rope: an English one on another topic still beats a Chinese one on rope.
    expect(pickQuestions({ bank, lang: "en", level: "easy", tags: ["rope"], count: 1, seed: "s" }).map((q) => q.id)).toEqual(["q-rlhf-en"]);
  });

  it("falls back to anything rather than nothing, and reuses excluded questions only when nothing else is left", () => {
    expect(pickQuestions({ bank, lang: "fr", level: "hard", tags: ["vllm"], count: 2, seed: "x" })).toHaveLength(2);
    const one = [bank[0] as BankQuestion];
    expect(pickQuestions({ bank: one, lang: "en", level: "medium", tags: [], count: 1, seed: "x", exclude: ["q-rag-en"] }).map((q) => q.id)).toEqual(["q-rag-en"]);
    expect(pickQuestions({ bank, lang: "zh", level: "medium", tags: ["rag"], count: 1, seed: "x", exclude: ["q-rag-zh"] }).map((q) => q.id)).toEqual(["q-rag-zh-hard"]);
    expect(pickQuestions({ bank: [], lang: "zh", level: "medium", tags: [], count: 2, seed: "x" })).toEqual([]);
  });

  it("breaks ties by the seed, the same way every time", () => {
    const ties: BankQuestion[] = Array.from({ length: 8 }, (_, i) => ({ id: `t${i}`, lang: "en", difficulty: "medium", tags: ["rag"] }));
    const pick = (seed: string) => pickQuestions({ bank: ties, lang: "en", level: "medium", tags: ["rag"], count: 1, seed })[0]?.id;
    expect(pick("pair-1")).toBe(pick("pair-1"));
    const picks = new Set(["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"].map(pick));
    expect(picks.size).toBeGreaterThan(1);
  });
});
