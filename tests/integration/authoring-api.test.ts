import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeQuestion } from "@/lib/questions/serialize";
import { ZQuestionFile } from "@/lib/questions/schema";
import { api, startTestServer, type TestServer } from "../helpers/test-server";
import { testDbKind } from "../helpers/test-db";
import { questionFile, seedOrg, seedSession, seedUser } from "../helpers/factories";

type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string; message: string }[]; problems?: { file: string; field: string }[] } } };
type Editor = { id: string; status: string; updatedAt: string; unpublishedChanges: boolean; draft: Record<string, unknown>; versions: { version: number }[] };

describe(`[${testDbKind()}] question authoring API`, () => {
  let s: TestServer;
  let orgId: string;
  let author: string;
  let candidate: string;
  let outsider: string;
  beforeAll(async () => {
    s = await startTestServer();
    const org = await seedOrg({ db: s.tdb.db });
    orgId = org.id;
    author = (await seedUser({ db: s.tdb.db, roles: ["AUTHOR"], orgId, withToken: true })).token!;
    candidate = (await seedUser({ db: s.tdb.db, roles: ["CANDIDATE", "INTERVIEWER"], orgId, withToken: true })).token!;
    outsider = (await seedUser({ db: s.tdb.db, roles: ["AUTHOR", "ADMIN"], withToken: true })).token!;
  });
  afterAll(async () => {
    await s.stop();
  });

  async function createDraft(slug: string) {
    const r = await api<{ id: string }>(s, `/api/v1/orgs/${orgId}/questions`, { token: author, json: { slug, lang: "en", title: "Why divide by sqrt(d_k)?" } });
    expect(r.status).toBe(201);
    return r.body.id;
  }
  const filled = (slug: string, over: Record<string, unknown> = {}) => ({ ...questionFile({ id: slug, ...over }) });

  it("[AUTHOR] creates a draft, cannot publish it while invalid, then publishes version 1 after fixing it", async () => {
    const id = await createDraft("scaling-why");
    const blank = await api<ErrorBody>(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details?.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(["prompt", "keyPoints"]));
    expect(await s.tdb.db.prisma.questionVersion.count({ where: { questionId: id } })).toBe(0);

    const loaded = await api<Editor>(s, `/api/v1/questions/${id}`, { token: author });
    const saved = await api<Editor>(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: filled("scaling-why"), baseUpdatedAt: loaded.body.updatedAt } });
    expect(saved.status).toBe(200);
    expect(saved.body.unpublishedChanges).toBe(true);
    const pub = await api<{ version: number; created: boolean }>(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" });
    expect(pub.status).toBe(201);
    expect(pub.body).toMatchObject({ version: 1, created: true });
    const again = await api<{ version: number; created: boolean }>(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" });
    expect(again.body).toMatchObject({ version: 1, created: false });
    expect((await api<Editor>(s, `/api/v1/questions/${id}`, { token: author })).body).toMatchObject({ status: "PUBLISHED", unpublishedChanges: false });
  });

  it("[AUTHOR] a stale editor's save is refused with CONFLICT and the newer draft is kept", async () => {
    const id = await createDraft("stale-save");
    const first = await api<Editor>(s, `/api/v1/questions/${id}`, { token: author });
    const d1 = { ...first.body.draft, title: "Saved by tab one" };
    expect((await api(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: d1, baseUpdatedAt: first.body.updatedAt } })).status).toBe(200);
    const stale = await api<ErrorBody>(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: { ...d1, title: "Tab two" }, baseUpdatedAt: first.body.updatedAt } });
    expect(stale.status).toBe(409);
    expect((await api<Editor>(s, `/api/v1/questions/${id}`, { token: author })).body.draft.title).toBe("Saved by tab one");
  });

  it("[AUTHOR] editing a published question never changes what a past session shows; the diff names the change", async () => {
    const id = await createDraft("immutable-check");
    const v1 = filled("immutable-check");
    await api(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: v1 } });
    await api(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" });
    const version1 = await s.tdb.db.prisma.questionVersion.findFirstOrThrow({ where: { questionId: id, version: 1 } });
    const { user } = await seedUser({ db: s.tdb.db, roles: ["INTERVIEWER"], orgId });
    const session = await seedSession({ db: s.tdb.db, orgId, participants: [{ userId: user.id, role: "INTERVIEWER" }] });
    const turn = await s.tdb.db.prisma.turn.create({ data: { sessionId: session.id, index: 0, questionVersionId: version1.id } });

    await api(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: { ...v1, prompt: "A rewritten prompt about softmax saturation." } } });
    expect((await api<{ version: number }>(s, `/api/v1/questions/${id}/publish`, { token: author, method: "POST" })).body.version).toBe(2);

    const past = await s.tdb.db.prisma.turn.findUniqueOrThrow({ where: { id: turn.id }, include: { questionVersion: true } });
    expect(ZQuestionFile.parse(past.questionVersion.content).prompt).toBe(v1.prompt);
    const diff = await api<{ lines: { kind: string; text: string }[]; added: number; removed: number }>(s, `/api/v1/questions/${id}/diff?from=1&to=2`, { token: author });
    expect(diff.status).toBe(200);
    expect(diff.body.lines.find((l) => l.kind === "removed")?.text).toContain(v1.prompt);
    expect(diff.body.lines.find((l) => l.kind === "added")?.text).toContain("A rewritten prompt");
    expect((await api<ErrorBody>(s, `/api/v1/questions/${id}/diff?from=1&to=9`, { token: author })).status).toBe(404);
  });

  it("[CANDIDATE] and [OTHER ORG] cannot read drafts, rubrics or stats: 403; an unknown id is 404", async () => {
    const id = await createDraft("secret-rubric");
    for (const path of [`/api/v1/questions/${id}`, `/api/v1/questions/${id}/stats`, `/api/v1/questions/${id}/versions/1`, `/api/v1/orgs/${orgId}/questions/export`]) {
      const c = await api<ErrorBody>(s, path, { token: candidate });
      expect(c.status, path).toBe(403);
      expect(JSON.stringify(c.body)).not.toContain("anchoredLevels");
      expect((await api<ErrorBody>(s, path, { token: outsider })).status, path).toBe(403);
    }
    const before = await s.tdb.db.prisma.question.findUniqueOrThrow({ where: { id } });
    expect((await api(s, `/api/v1/questions/${id}/draft`, { token: candidate, method: "PUT", json: { draft: before.draft } })).status).toBe(403);
    expect((await api(s, `/api/v1/questions/${id}/publish`, { token: outsider, method: "POST" })).status).toBe(403);
    expect((await s.tdb.db.prisma.question.findUniqueOrThrow({ where: { id } })).updatedAt).toEqual(before.updatedAt);
    expect((await api(s, `/api/v1/questions/nope/stats`, { token: author })).status).toBe(404);
    // Members who are not authors see only published questions in the list.
    const list = await api<{ questions: { slug: string }[] }>(s, `/api/v1/orgs/${orgId}/questions`, { token: candidate });
    expect(list.body.questions.map((q) => q.slug)).not.toContain("secret-rubric");
  });

  it("[AUTHOR] malformed and oversized drafts are refused and the stored draft is unchanged", async () => {
    const id = await createDraft("bad-input");
    const before = await s.tdb.db.prisma.question.findUniqueOrThrow({ where: { id } });
    const wrongType = await api<ErrorBody>(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: { ...(before.draft as object), keyPoints: "none" } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details?.issues?.[0]?.path).toBe("keyPoints");
    const renamed = await api<ErrorBody>(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: { ...(before.draft as object), id: "other-id" } } });
    expect(renamed.status).toBe(400);
    const huge = await api<ErrorBody>(s, `/api/v1/questions/${id}/draft`, { token: author, method: "PUT", json: { draft: { ...(before.draft as object), referenceAnswer: "x".repeat(300_000) } } });
    expect(huge.status).toBe(413);
    const dup = await api<ErrorBody>(s, `/api/v1/orgs/${orgId}/questions`, { token: author, json: { slug: "bad-input", lang: "en", title: "again" } });
    expect(dup.status).toBe(409);
    expect((await s.tdb.db.prisma.question.findUniqueOrThrow({ where: { id } })).draft).toEqual(before.draft);
  });

  it("[AUTHOR] bulk actions report per question: a valid draft publishes, an invalid one fails with its reason", async () => {
    const good = await createDraft("bulk-good");
    await api(s, `/api/v1/questions/${good}/draft`, { token: author, method: "PUT", json: { draft: filled("bulk-good") } });
    const bad = await createDraft("bulk-bad");
    const r = await api<{ ok: string[]; failed: { id: string; code: string }[] }>(s, `/api/v1/orgs/${orgId}/questions/bulk`, { token: author, json: { action: "publish", questionIds: [good, bad] } });
    expect(r.body.ok).toEqual([good]);
    expect(r.body.failed).toEqual([expect.objectContaining({ id: bad, code: "VALIDATION_FAILED" })]);
    const archived = await api<{ ok: string[] }>(s, `/api/v1/orgs/${orgId}/questions/bulk`, { token: author, json: { action: "archive", questionIds: [good] } });
    expect(archived.body.ok).toEqual([good]);
    expect((await s.tdb.db.prisma.question.findUniqueOrThrow({ where: { id: good } })).status).toBe("ARCHIVED");
    expect((await api(s, `/api/v1/orgs/${orgId}/questions/bulk`, { token: candidate, json: { action: "archive", questionIds: [good] } })).status).toBe(403);
    expect((await api(s, `/api/v1/orgs/${orgId}/questions/bulk`, { token: author, json: { action: "delete", questionIds: [good] } })).status).toBe(400);
  });

  it("[AUTHOR] imports a zipped pack once (a second import creates nothing) and exports it back byte for byte", async () => {
    const org = await seedOrg({ db: s.tdb.db });
    const token = (await seedUser({ db: s.tdb.db, roles: ["AUTHOR"], orgId: org.id, withToken: true })).token!;
    const a = ZQuestionFile.parse(questionFile({ id: "pack-one" }));
    const b = ZQuestionFile.parse(questionFile({ id: "pack-one", lang: "zh", title: "为什么要除以 √d_k？" }));
    const files = { "llm/pack-one.en.yaml": serializeQuestion(a), "llm/pack-one.zh.yaml": serializeQuestion(b) };
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
    const send = (bytes: Uint8Array, name: string) =>
      fetch(`${s.url}/api/v1/orgs/${org.id}/questions/import?name=${name}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/zip" }, body: Buffer.from(bytes) });
    const first = await send(zip, "pack.zip");
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: 2, newVersions: 0, unchanged: 0, files: 2 });
    expect(await (await send(zip, "pack.zip")).json()).toMatchObject({ created: 0, newVersions: 0, unchanged: 2 });

    const exported = await fetch(`${s.url}/api/v1/orgs/${org.id}/questions/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(exported.headers.get("content-type")).toBe("application/zip");
    const back = unzipSync(new Uint8Array(await exported.arrayBuffer()));
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(Buffer.from(back[name]!).toString("utf8")).toBe(text);

    // One bad file refuses the whole pack, naming file and field; nothing new is stored.
    const broken = zipSync({ "llm/pack-two.en.yaml": strToU8(serializeQuestion(ZQuestionFile.parse(questionFile({ id: "pack-two" })))), "llm/pack-three.en.yaml": strToU8("id: pack-three\nlang: en\n") });
    const refused = await send(broken, "broken.zip");
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.details?.problems?.some((p) => p.file === "llm/pack-three.en.yaml")).toBe(true);
    expect(await s.tdb.db.prisma.question.count({ where: { orgId: org.id } })).toBe(2);
    expect((await send(strToU8("not a zip at all"), "x.zip")).status).toBe(400);
  });
});
