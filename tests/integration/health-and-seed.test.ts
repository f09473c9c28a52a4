import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/server/seed/seed-demo";
import { verifyCredentials } from "@/server/accounts/verify-credentials";
import { createTestDatabase, testDbKind } from "../helpers/test-db";
import { questionFile } from "../helpers/factories";
import { api, startTestServer, type TestServer } from "../helpers/test-server";

async function bankDir(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "mr-bank-"));
  await mkdir(path.join(dir, "llm"));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, "llm", name), typeof content === "string" ? content : stringify(content));
  return dir;
}

describe(`[${testDbKind()}] health endpoint`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.stop();
  });

  it("[OPS] reports 200 with database, queue and model status, then 503 with the reason once the database is gone", async () => {
    const ok = await api<{ status: string; database: { ok: boolean; kind: string }; queue: { mode: string }; models: { mode: string } }>(s, "/api/health");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "ok", database: { ok: true, kind: testDbKind() }, queue: { mode: "in-process" } });
    // No models are provisioned in the test environment: the engine scores lexically and says so.
    expect(ok.body.models.mode).toBe("lexical");
    await s.tdb.db.close();
    const down = await api<{ status: string; database: { ok: boolean; error: string } }>(s, "/api/health");
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("down");
    expect(down.body.database.error).toBeTruthy();
  });
});

describe(`[${testDbKind()}] demo data on first start`, () => {
  it("[FIRST START] seeds one user per role and publishes a valid bank; a second start changes nothing", async () => {
    const t = await createTestDatabase();
    try {
      const q = questionFile();
      const dir = await bankDir({ [`${q.id}.en.yaml`]: q, [`${q.id}.zh.yaml`]: { ...q, lang: "zh", title: "为什么要除以根号 d_k?" } });
      const first = await seedDemo({ db: t.db, questionsDir: dir });
      expect(first.seeded).toBe(true);
      expect(first.seeded && first.bank).toEqual({ created: 2, newVersions: 0, unchanged: 0 });
      for (const u of DEMO_USERS) {
        const v = await verifyCredentials({ db: t.db, input: { email: u.email, password: DEMO_PASSWORD } });
        const m = await t.db.prisma.membership.findFirstOrThrow({ where: { userId: v.id } });
        expect(m.roles).toEqual(u.roles);
      }
      expect(await t.db.prisma.questionVersion.count()).toBe(2);
      const second = await seedDemo({ db: t.db, questionsDir: dir });
      expect(second.seeded).toBe(false);
      expect(await t.db.prisma.user.count()).toBe(DEMO_USERS.length);
    } finally {
      await t.drop();
    }
  });

  it("[FIRST START] a bank with one bad file loads nothing and names the file, field and reason", async () => {
    const t = await createTestDatabase();
    try {
      const good = questionFile();
      const bad = { ...questionFile(), keyPoints: [] };
      const dir = await bankDir({ [`${good.id}.en.yaml`]: good, [`${bad.id}.en.yaml`]: bad, "broken.en.yaml": "id: [unclosed" });
      const r = await seedDemo({ db: t.db, questionsDir: dir });
      expect(r.seeded).toBe(true);
      const refused = r.seeded && "refused" in r.bank ? r.bank.refused : [];
      expect(refused).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: `llm/${bad.id}.en.yaml`, field: "keyPoints" }),
          expect.objectContaining({ file: "llm/broken.en.yaml", field: "(yaml)" }),
        ]),
      );
      expect(await t.db.prisma.question.count()).toBe(0);
    } finally {
      await t.drop();
    }
  });
});
