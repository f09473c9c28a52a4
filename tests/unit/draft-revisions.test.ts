import { describe, expect, it } from "vitest";
import { newerDraft, rebaseStaleDraft } from "@/lib/realtime/draft-revisions";

describe("the candidate's draft copies", () => {
  it("on joining, keeps the copy with the higher revision, the server's on a tie, and nothing when neither exists", () => {
    expect(newerDraft({ text: "typed offline", rev: 7 }, { text: "saved", rev: 5 })).toEqual({ text: "typed offline", rev: 7 });
    expect(newerDraft({ text: "older tab copy", rev: 3 }, { text: "other tab, newer", rev: 9 })).toEqual({ text: "other tab, newer", rev: 9 });
    expect(newerDraft({ text: "same rev here", rev: 4 }, { text: "same rev there", rev: 4 })).toEqual({ text: "same rev there", rev: 4 });
    expect(newerDraft({ text: "only here", rev: 1 }, undefined)).toEqual({ text: "only here", rev: 1 });
    expect(newerDraft(null, { text: "only there", rev: 2 })).toEqual({ text: "only there", rev: 2 });
    expect(newerDraft(null, undefined)).toBeNull();
  });

  it("after draft:stale, numbers the same text just past the server's revision, unless already past it", () => {
    expect(rebaseStaleDraft({ text: "mine", rev: 3 }, 8)).toEqual({ text: "mine", rev: 9 });
    // A replay of the revision the server holds is resent once, past it: harmless, same text.
    expect(rebaseStaleDraft({ text: "mine", rev: 8 }, 8)).toEqual({ text: "mine", rev: 9 });
    expect(rebaseStaleDraft({ text: "typed on since", rev: 10 }, 8)).toBeNull();
    expect(rebaseStaleDraft(undefined, 8)).toBeNull();
  });
});
