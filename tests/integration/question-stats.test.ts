import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOrgQuestionStats, loadQuestionStats } from "@/server/bank/load-question-stats";
import { createTestDatabase, testDbKind, type TestDatabase } from "../helpers/test-db";
import { questionFile, seedOrg, seedSession, seedUser } from "../helpers/factories";

type Rating = { rater: string; score: number; at?: number };
type TurnSpec = {
  version: string;
  parent?: string;
  /** Omitted: the candidate never answered. */
  answer?: { humans?: Rating[]; engine?: number[]; llm?: number; earlier?: Rating };
};

describe(`[${testDbKind()}] question statistics from sessions`, () => {
  let t: TestDatabase;
  let orgId: string;
  let raterA: string;
  let raterB: string;
  const q = { id: "", v1: "", v2: "" };
  const p = { id: "", v1: "" };
  const r = { id: "", v1: "" };
  let neverAsked = "";
  let otherOrgQuestion = "";
  let keys = 0;

  async function seedQuestion(org: string, versions: number) {
    const content = questionFile();
    const question = await t.db.prisma.question.create({ data: { orgId: org, slug: content.id, lang: "en", draft: content, status: "PUBLISHED" } });
    const ids: string[] = [];
    for (let version = 1; version <= versions; version++) {
      const v = await t.db.prisma.questionVersion.create({
        data: { questionId: question.id, version, content, contentHash: `h${version}`, title: content.title, difficulty: "medium", tags: [] },
      });
      ids.push(v.id);
    }
    return { id: question.id, v1: ids[0] ?? "", v2: ids[1] ?? "" };
  }

  async function score(answerId: string, source: "ENGINE" | "LLM" | "HUMAN", overall5: number, raterId?: string, at = 0) {
    await t.db.prisma.score.create({
      data: { answerId, source, raterId: raterId ?? null, idempotencyKey: `k${++keys}`, overall5, overall100: overall5 * 20, createdAt: new Date(Date.UTC(2025, 0, 1, 0, at)) },
    });
  }

  /** One session; turns are indexed in order and a follow-up names its parent by index. */
  async function seedSessionWith(turns: (TurnSpec & { parentIndex?: number })[]) {
    const { user: candidate } = await seedUser({ db: t.db, orgId });
    const session = await seedSession({ db: t.db, orgId, participants: [{ userId: candidate.id, role: "CANDIDATE" }] });
    const turnIds: string[] = [];
    for (const [index, spec] of turns.entries()) {
      const parentTurnId = spec.parentIndex === undefined ? null : (turnIds[spec.parentIndex] ?? null);
      const turn = await t.db.prisma.turn.create({ data: { sessionId: session.id, index, questionVersionId: spec.version, parentTurnId } });
      turnIds.push(turn.id);
      const a = spec.answer;
      if (!a) continue;
      if (a.earlier) {
        const old = await t.db.prisma.answer.create({ data: { turnId: turn.id, authorId: candidate.id, clientId: `c${++keys}`, text: "first try", submittedAt: new Date(Date.UTC(2025, 0, 1, 0, 0)) } });
        await score(old.id, "HUMAN", a.earlier.score, a.earlier.rater);
      }
      const answer = await t.db.prisma.answer.create({ data: { turnId: turn.id, authorId: candidate.id, clientId: `c${++keys}`, text: "answer", submittedAt: new Date(Date.UTC(2025, 0, 1, 1, 0)) } });
      for (const [i, e] of (a.engine ?? []).entries()) await score(answer.id, "ENGINE", e, undefined, i);
      if (a.llm !== undefined) await score(answer.id, "LLM", a.llm);
      for (const h of a.humans ?? []) await score(answer.id, "HUMAN", h.score, h.rater, h.at ?? 0);
    }
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    orgId = (await seedOrg({ db: t.db })).id;
    raterA = (await seedUser({ db: t.db, roles: ["REVIEWER"], orgId })).user.id;
    raterB = (await seedUser({ db: t.db, roles: ["REVIEWER"], orgId })).user.id;
    Object.assign(q, await seedQuestion(orgId, 2));
    Object.assign(p, await seedQuestion(orgId, 1));
    Object.assign(r, await seedQuestion(orgId, 1));
    neverAsked = (await seedQuestion(orgId, 1)).id;
    otherOrgQuestion = (await seedQuestion((await seedOrg({ db: t.db })).id, 1)).id;
    const A = (score: number, at?: number): Rating => ({ rater: raterA, score, ...(at === undefined ? {} : { at }) });
    const B = (score: number): Rating => ({ rater: raterB, score });

    /*
     *        Q (this question)                          rest of session         Q score  rest
     *   s1   A rated 3 then re-rated 1; engine 2        P: B 2                   1        2
     *        + follow-up of Q scored 0 (not a main turn: ignored)
     *   s2   A 1, B 3                                   P: engine 1              2        1
     *                                                   + follow-up of P scored 5 (ignored)
     *   s3   engine 3, LLM 0 (only the engine is "AI")  P: engine 3, R: A 5      3        4
     *   s4   v2; a first answer rated 0, then the       P: A 3                   4        3
     *        final one: A 4, B 4, engine 5
     *   s5   v2; A 5, engine 1 then rescored 4          P: A 5 (beats engine 1)  5        5
     *   s6   v2; never answered                         P: B 2                   -        2
     *
     * Same numbers as the unit test's known data: mean 3 (n 5), facility 0.6, Pearson r = 8/10.
     * Rater pairs (s2: 2, s4: 0) → 1, within 1 point 1/2. Engine - human: s1 +1, s4 +1, s5 -1.
     */
    await seedSessionWith([
      { version: q.v1, answer: { humans: [A(3, 0), A(1, 5)], engine: [2] } },
      { version: p.v1, answer: { humans: [B(2)] } },
      { version: q.v1, parentIndex: 0, answer: { humans: [B(0)], engine: [0] } },
    ]);
    await seedSessionWith([
      { version: q.v1, answer: { humans: [A(1), B(3)] } },
      { version: p.v1, answer: { engine: [1] } },
      { version: p.v1, parentIndex: 1, answer: { humans: [B(5)] } },
    ]);
    await seedSessionWith([
      { version: q.v1, answer: { engine: [3], llm: 0 } },
      { version: p.v1, answer: { engine: [3] } },
      { version: r.v1, answer: { humans: [A(5)] } },
    ]);
    await seedSessionWith([
      { version: q.v2, answer: { earlier: A(0), humans: [A(4), B(4)], engine: [5] } },
      { version: p.v1, answer: { humans: [A(3)] } },
    ]);
    await seedSessionWith([
      { version: q.v2, answer: { humans: [A(5)], engine: [1, 4] } },
      { version: p.v1, answer: { humans: [A(5)], engine: [1] } },
    ]);
    await seedSessionWith([{ version: q.v2 }, { version: p.v1, answer: { humans: [B(2)] } }]);
  });

  afterAll(async () => {
    await t.drop();
  });

  it("computes a question's statistics across all its versions from main turns only", async () => {
    const s = await loadQuestionStats({ db: t.db, questionId: q.id });
    expect(s.timesAsked).toBe(6);
    expect(s.answered).toBe(5);
    expect(s.meanScore).toEqual({ value: 3, n: 5 });
    expect(s.facility).toEqual({ value: 0.6, n: 5 });
    expect(s.discrimination.n).toBe(5);
    expect(s.discrimination.value).toBeCloseTo(0.8, 12);
    expect(s.raterDisagreement).toEqual({ value: null, n: 2, reason: "not enough data" });
    expect(s.aiHumanGap).toEqual({ value: null, n: 3, reason: "not enough data" });
  });

  it("reports rater disagreement and the engine's gap to humans with a lower minimum sample", async () => {
    const s = await loadQuestionStats({ db: t.db, questionId: q.id, minSample: 2 });
    expect(s.raterDisagreement).toEqual({ value: 1, agreementWithin1: 0.5, n: 2 });
    expect(s.aiHumanGap.n).toBe(3);
    expect(s.aiHumanGap.value).toBeCloseTo(1 / 3, 12);
    expect(s.aiHumanGap).toMatchObject({ meanAbsoluteGap: 1 });
  });

  it("says 'not enough data' for a question asked once and for one never asked", async () => {
    const once = await loadQuestionStats({ db: t.db, questionId: r.id });
    expect(once.timesAsked).toBe(1);
    expect(once.meanScore).toEqual({ value: null, n: 1, reason: "not enough data" });
    const never = await loadQuestionStats({ db: t.db, questionId: neverAsked });
    expect(never.timesAsked).toBe(0);
    expect(never.discrimination).toEqual({ value: null, n: 0, reason: "not enough data" });
  });

  it("lists times asked and mean score for every question of the organisation, and only those", async () => {
    const stats = await loadOrgQuestionStats({ db: t.db, orgId });
    expect([...stats.keys()].sort()).toEqual([q.id, p.id, r.id, neverAsked].sort());
    expect(stats.get(q.id)).toEqual({ timesAsked: 6, meanScore: { value: 3, n: 5 } });
    // P scores per session: 2, 1, 3, 3, 5, 2 → 16/6 (its follow-up in s2 is not counted)
    expect(stats.get(p.id)?.timesAsked).toBe(6);
    expect(stats.get(p.id)?.meanScore.n).toBe(6);
    expect(stats.get(p.id)?.meanScore.value).toBeCloseTo(16 / 6, 12);
    expect(stats.get(r.id)).toEqual({ timesAsked: 1, meanScore: { value: null, n: 1, reason: "not enough data" } });
    expect(stats.get(neverAsked)).toEqual({ timesAsked: 0, meanScore: { value: null, n: 0, reason: "not enough data" } });
    expect(stats.has(otherOrgQuestion)).toBe(false);
  });
});
