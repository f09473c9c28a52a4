import { describe, expect, it } from "vitest";
import { DEFAULT_RELAXATION, nextRelaxationMs, relaxedCriteria, type RelaxationSchedule, type Waiter } from "@/lib/pairing/criteria";
import { canPair, findMatches } from "@/lib/pairing/match";

/** A fake clock: everything is expressed in milliseconds since T0, and "now" is passed explicitly. */
const T0 = 1_700_000_000_000;
const at = (seconds: number) => T0 + seconds * 1000;
let n = 0;
function waiter(p: Partial<Waiter> & Pick<Waiter, "role">): Waiter {
  n += 1;
  return { id: `e${String(n).padStart(3, "0")}`, userId: `u${n}`, tags: ["attention"], level: "medium", lang: "en", joinedAt: at(0), ...p };
}
const pairs = (w: Waiter[], now: number, s: RelaxationSchedule = DEFAULT_RELAXATION) => findMatches(w, now, s).map((m) => [m.first.id, m.second.id]);

describe("pairing: relaxation schedule", () => {
  it("drops level at 20 s, topics at 45 s, language at 90 s", () => {
    expect(relaxedCriteria(0, DEFAULT_RELAXATION)).toEqual([]);
    expect(relaxedCriteria(19_999, DEFAULT_RELAXATION)).toEqual([]);
    expect(relaxedCriteria(20_000, DEFAULT_RELAXATION)).toEqual(["level"]);
    expect(relaxedCriteria(45_000, DEFAULT_RELAXATION)).toEqual(["level", "tags"]);
    expect(relaxedCriteria(90_000, DEFAULT_RELAXATION)).toEqual(["level", "tags", "lang"]);
    expect(nextRelaxationMs(5_000, DEFAULT_RELAXATION)).toBe(15_000);
    expect(nextRelaxationMs(50_000, DEFAULT_RELAXATION)).toBe(40_000);
    expect(nextRelaxationMs(90_000, DEFAULT_RELAXATION)).toBeNull();
  });

  it("follows an injected schedule in its own order", () => {
    const s = { level: 3_000, tags: 1_000, lang: 2_000 };
    expect(relaxedCriteria(2_500, s)).toEqual(["tags", "lang"]);
    expect(nextRelaxationMs(2_500, s)).toBe(500);
  });
});

describe("pairing: matching", () => {
  it("pairs an interviewer with a candidate with the same wishes at once, the interviewer first", () => {
    const c = waiter({ role: "CANDIDATE" });
    const i = waiter({ role: "INTERVIEWER", joinedAt: at(1) });
    const [m] = findMatches([c, i], at(1), DEFAULT_RELAXATION);
    expect(m).toMatchObject({ first: { id: i.id }, second: { id: c.id }, peer: false });
  });

  it("never pairs two candidates, two interviewers, a peer with a non-peer, or a user with themself", () => {
    const c1 = waiter({ role: "CANDIDATE" });
    const c2 = waiter({ role: "CANDIDATE" });
    const i1 = waiter({ role: "INTERVIEWER" });
    const i2 = waiter({ role: "INTERVIEWER" });
    const p = waiter({ role: "PEER" });
    expect(pairs([c1, c2, p], at(500))).toEqual([]);
    expect(pairs([i1, i2, p], at(500))).toEqual([]);
    const self = waiter({ role: "INTERVIEWER", userId: c1.userId });
    expect(canPair(c1, self, at(500), DEFAULT_RELAXATION)).toBe(false);
  });

  it("pairs two peers, the one who waited longer interviewing first", () => {
    const late = waiter({ role: "PEER", joinedAt: at(3) });
    const early = waiter({ role: "PEER", joinedAt: at(1) });
    const [m] = findMatches([late, early], at(3), DEFAULT_RELAXATION);
    expect(m).toMatchObject({ first: { id: early.id }, second: { id: late.id }, peer: true });
  });

  it("waits for the level to relax: a different level pairs only once both have waited 20 s", () => {
    const c = waiter({ role: "CANDIDATE", level: "easy" });
    const i = waiter({ role: "INTERVIEWER", level: "hard", joinedAt: at(5) });
    expect(pairs([c, i], at(19))).toEqual([]);
    // The candidate has relaxed, the interviewer (joined at 5 s) not yet: both must accept.
    expect(pairs([c, i], at(24))).toEqual([]);
    expect(pairs([c, i], at(25))).toEqual([[i.id, c.id]]);
  });

  it("needs one shared topic until 45 s, then any topic; 'any topic' fits everyone", () => {
    const c = waiter({ role: "CANDIDATE", tags: ["rag", "retrieval"] });
    const i = waiter({ role: "INTERVIEWER", tags: ["rlhf"] });
    const anyTopic = waiter({ role: "INTERVIEWER", tags: [], joinedAt: at(10) });
    expect(pairs([c, i], at(44))).toEqual([]);
    expect(pairs([c, i], at(45))).toEqual([[i.id, c.id]]);
    expect(pairs([c, anyTopic], at(10))).toEqual([[anyTopic.id, c.id]]);
  });

  it("needs the same language until 90 s", () => {
    const c = waiter({ role: "CANDIDATE", lang: "zh" });
    const i = waiter({ role: "INTERVIEWER", lang: "en" });
    expect(pairs([c, i], at(89))).toEqual([]);
    expect(pairs([c, i], at(90))).toEqual([[i.id, c.id]]);
  });

  it("prefers the exact fit over an earlier but looser one", () => {
    const c = waiter({ role: "CANDIDATE", tags: ["rag"], level: "hard", joinedAt: at(0) });
    const loose = waiter({ role: "INTERVIEWER", tags: ["rag", "rlhf", "rope"], level: "easy", joinedAt: at(1) });
    const exact = waiter({ role: "INTERVIEWER", tags: ["rag"], level: "hard", joinedAt: at(20) });
    // At 30 s the loose interviewer (29 s) has not relaxed the level yet: only the exact one fits.
    expect(pairs([c, loose, exact], at(30))).toEqual([[exact.id, c.id]]);
    // Later everyone accepts everyone, and the candidate still gets the exact fit.
    expect(pairs([c, loose, exact], at(60))).toEqual([[exact.id, c.id]]);
  });

  it("lets the longest waiter choose first and breaks ties by arrival", () => {
    const c1 = waiter({ role: "CANDIDATE", joinedAt: at(0) });
    const c2 = waiter({ role: "CANDIDATE", joinedAt: at(2) });
    const i1 = waiter({ role: "INTERVIEWER", joinedAt: at(3) });
    const i2 = waiter({ role: "INTERVIEWER", joinedAt: at(4) });
    expect(pairs([i2, c2, i1, c1], at(5))).toEqual([
      [i1.id, c1.id],
      [i2.id, c2.id],
    ]);
  });

  it("is deterministic: any input order gives the same pairs, and no one is in two pairs", () => {
    const ws = [
      waiter({ role: "CANDIDATE", tags: ["rag"], joinedAt: at(0) }),
      waiter({ role: "INTERVIEWER", tags: ["rag"], joinedAt: at(1) }),
      waiter({ role: "PEER", tags: ["rope"], joinedAt: at(2) }),
      waiter({ role: "PEER", tags: ["rope"], lang: "zh", joinedAt: at(3) }),
      waiter({ role: "PEER", tags: ["rope"], joinedAt: at(4) }),
      waiter({ role: "INTERVIEWER", tags: ["rlhf"], level: "easy", joinedAt: at(5) }),
      waiter({ role: "CANDIDATE", tags: ["rlhf"], level: "easy", joinedAt: at(6) }),
    ];
    const expected = pairs(ws, at(10));
    expect(expected).toHaveLength(3);
    for (let k = 0; k < 20; k++) {
      const shuffled = [...ws].sort((a, b) => ((a.id.charCodeAt(3) * (k + 7)) % 11) - ((b.id.charCodeAt(3) * (k + 7)) % 11));
      expect(pairs(shuffled, at(10))).toEqual(expected);
    }
    const ids = expected.flat();
    expect(new Set(ids).size).toBe(ids.length);
  });
});
