import { describe, expect, it } from "vitest";
import { ZQueueJoin, ZQueueStatus } from "@/lib/realtime/pairing-contract";

describe("pairing contract", () => {
  it("accepts a join, removes repeated tags and treats missing tags as any topic", () => {
    expect(ZQueueJoin.parse({ role: "PEER", tags: ["rag", "rag", "rope"], level: "hard", lang: "zh" })).toEqual({ role: "PEER", tags: ["rag", "rope"], level: "hard", lang: "zh" });
    expect(ZQueueJoin.parse({ role: "CANDIDATE", level: "easy", lang: "en" }).tags).toEqual([]);
  });

  it("refuses unknown roles, levels, languages, malformed tags and extra fields", () => {
    const ok = { role: "CANDIDATE", tags: [], level: "medium", lang: "en" };
    for (const bad of [{ ...ok, role: "OBSERVER" }, { ...ok, level: "expert" }, { ...ok, lang: "de" }, { ...ok, tags: ["RAG!"] }, { ...ok, tags: Array(9).fill("rag") }, { ...ok, admin: true }]) {
      expect(ZQueueJoin.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("describes a status with the criteria relaxed so far", () => {
    const status = { entryId: "e1", position: 2, waitingSeconds: 31, waiting: 5, criteria: { tags: ["rag"], level: "easy", lang: "zh", relaxed: ["level"] }, relaxesInSeconds: 14 };
    expect(ZQueueStatus.parse(status)).toEqual(status);
    expect(ZQueueStatus.safeParse({ ...status, criteria: { ...status.criteria, relaxed: ["mood"] } }).success).toBe(false);
  });
});
