import { describe, expect, it } from "vitest";
import { proposalWhy } from "@/components/sessions/proposal-why";

const say = { gap: (gap: string, point: string) => `${gap}: <${point}>`, advance: (code: string) => `advance: ${code}` };
const statements: Record<string, string> = { scaling: "Scaling by sqrt(d_k) keeps softmax from saturating.", long: `${"x".repeat(120)}.` };
const statementOf = (id: string) => statements[id];
const base = { keyPointId: null, gap: null, advanceWhy: null, reason: "key point \"scaling\" missing (weight 3); template follow-up" } as const;

describe("proposalWhy: the reason shown for an AI proposal", () => {
  it("names the key point and the gap, without the statement's closing punctuation", () => {
    expect(proposalWhy({ ...base, keyPointId: "scaling", gap: "missing" }, statementOf, say)).toBe("missing: <Scaling by sqrt(d_k) keeps softmax from saturating>");
  });

  it("cuts a long statement to 90 characters with an ellipsis", () => {
    const why = proposalWhy({ ...base, keyPointId: "long", gap: "partly" }, statementOf, say);
    expect(why).toBe(`partly: <${"x".repeat(89)}…>`);
  });

  it("gives a move-on proposal's reason code in words", () => {
    expect(proposalWhy({ ...base, advanceWhy: "time" }, statementOf, say)).toBe("advance: time");
  });

  it("falls back to the server's audit text when the key point is unknown or the gap is not given", () => {
    expect(proposalWhy({ ...base, keyPointId: "gone", gap: "missing" }, statementOf, say)).toBe(base.reason);
    expect(proposalWhy({ ...base, keyPointId: "scaling" }, statementOf, say)).toBe(base.reason);
  });
});
