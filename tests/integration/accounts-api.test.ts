import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signInCookie, startTestServer, type TestServer } from "../helpers/test-server";
import { testDbKind } from "../helpers/test-db";
import { PASSWORD, seedOrg, seedUser } from "../helpers/factories";

type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string }[] } } };

describe(`[${testDbKind()}] accounts, sessions and API tokens over HTTP`, () => {
  let s: TestServer;
  /** What the server logs at warn and above, as parsed pino lines. */
  const logged: { level: number; msg: string }[] = [];
  beforeAll(async () => {
    s = await startTestServer({ logger: pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) }) });
  });
  afterAll(async () => {
    await s.stop();
  });
  const users = () => s.tdb.db.prisma.user.count();

  it("[VISITOR] signs up as a candidate and gets a personal practice workspace", async () => {
    const email = `new-${Date.now()}@example.com`;
    const r = await api<{ userId: string; orgId: string; roles: string[] }>(s, "/api/v1/auth/signup", { json: { name: "Lin 林", email: email.toUpperCase(), password: "hunter2hunter2" } });
    expect(r.status).toBe(201);
    expect(r.body.roles).toEqual(["CANDIDATE"]);
    const stored = await s.tdb.db.prisma.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.memberships[0]?.roles).toEqual(["CANDIDATE"]);
  });

  it("[VISITOR] signing up with a taken email is refused with EMAIL_TAKEN and changes nothing", async () => {
    const { user } = await seedUser({ db: s.tdb.db });
    const before = await users();
    const r = await api<ErrorBody>(s, "/api/v1/auth/signup", { json: { name: "Dup", email: user.email, password: "another-password", accountType: "team" } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("EMAIL_TAKEN");
    expect(await users()).toBe(before);
    expect((await s.tdb.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
  });

  it("[VISITOR] malformed, oversized and non-JSON sign-ups get clear errors and store nothing", async () => {
    const before = await users();
    const bad = await api<ErrorBody>(s, "/api/v1/auth/signup", { json: { name: "", email: "not-an-email", password: "short" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details?.issues?.map((i) => i.path).sort()).toEqual(["email", "name", "password"]);

    const extra = await api<ErrorBody>(s, "/api/v1/auth/signup", { json: { name: "X", email: "x@example.com", password: "longenough", isAdmin: true } });
    expect(extra.status).toBe(400);

    const huge = await api<ErrorBody>(s, "/api/v1/auth/signup", { json: { name: "x".repeat(20_000), email: "big@example.com", password: "longenough" } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("PAYLOAD_TOO_LARGE");

    const broken = await api<ErrorBody>(s, "/api/v1/auth/signup", { rawBody: '{"name": "x", ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("MALFORMED_JSON");

    const wrongType = await api<ErrorBody>(s, "/api/v1/auth/signup", { rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(400);
    expect(await users()).toBe(before);
  });

  it("[SCRIPT] exchanges a password for a token; a wrong password or malformed sign-in is refused", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["INTERVIEWER"] });
    const ok = await api<{ token: string; prefix: string }>(s, "/api/v1/auth/token", { json: { email: user.email, password: PASSWORD, name: "ats" } });
    expect(ok.status).toBe(201);
    expect(ok.body.token).toMatch(/^mr_/);
    const me = await api<{ user: { id: string }; via: string }>(s, "/api/v1/me", { token: ok.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: user.id }, via: "token" });

    const wrong = await api<ErrorBody>(s, "/api/v1/auth/token", { json: { email: user.email, password: "wrong-password" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("INVALID_CREDENTIALS");
    const unknown = await api<ErrorBody>(s, "/api/v1/auth/token", { json: { email: "nobody@example.com", password: "whatever123" } });
    expect(unknown.body.error).toEqual(wrong.body.error);
    const malformed = await api<ErrorBody>(s, "/api/v1/auth/token", { json: { email: 42 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("VALIDATION_FAILED");
    expect(await s.tdb.db.prisma.apiToken.count({ where: { userId: user.id } })).toBe(1);
  });

  it("[SCRIPT] missing, garbage and revoked tokens are refused with distinct codes", async () => {
    const { token, user } = await seedUser({ db: s.tdb.db, withToken: true });
    expect((await api<ErrorBody>(s, "/api/v1/me")).body.error.code).toBe("UNAUTHENTICATED");
    expect((await api<ErrorBody>(s, "/api/v1/me", { token: "mr_not-a-real-token" })).status).toBe(401);
    expect((await api<ErrorBody>(s, "/api/v1/me", { headers: { authorization: "Basic abc" } })).body.error.code).toBe("UNAUTHENTICATED");

    const list = await api<{ tokens: { id: string }[] }>(s, "/api/v1/tokens", { token });
    const id = list.body.tokens[0]?.id ?? "";
    const revoked = await api<{ token: { revokedAt: string } }>(s, `/api/v1/tokens/${id}`, { method: "DELETE", token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).toBeTruthy();
    const after = await api<ErrorBody>(s, "/api/v1/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("TOKEN_REVOKED");
    expect(await s.tdb.db.prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("[USER] cannot revoke someone else's token (404) and it keeps working", async () => {
    const a = await seedUser({ db: s.tdb.db, withToken: true });
    const b = await seedUser({ db: s.tdb.db, withToken: true });
    const bTokenId = (await s.tdb.db.prisma.apiToken.findFirstOrThrow({ where: { userId: b.user.id } })).id;
    const r = await api<ErrorBody>(s, `/api/v1/tokens/${bTokenId}`, { method: "DELETE", token: a.token });
    expect(r.status).toBe(404);
    expect((await api(s, "/api/v1/me", { token: b.token })).status).toBe(200);
  });

  it("[MEMBER] another organisation's routes answer 403; a token is confined to its own organisation", async () => {
    const org = await seedOrg({ db: s.tdb.db });
    const other = await seedOrg({ db: s.tdb.db });
    const admin = await seedUser({ db: s.tdb.db, roles: ["ADMIN"], orgId: org.id, withToken: true });
    const candidate = await seedUser({ db: s.tdb.db, roles: ["CANDIDATE"], orgId: org.id, withToken: true });
    await s.tdb.db.prisma.membership.create({ data: { userId: admin.user.id, orgId: other.id, roles: ["ADMIN"] } });

    expect((await api(s, `/api/v1/orgs/${org.id}/members`, { token: admin.token })).status).toBe(200);
    const notAdmin = await api<ErrorBody>(s, `/api/v1/orgs/${org.id}/members`, { token: candidate.token });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error.code).toBe("FORBIDDEN");
    const otherOrg = await api<ErrorBody>(s, `/api/v1/orgs/${other.id}`, { token: candidate.token });
    expect(otherOrg.status).toBe(403);
    // The admin belongs to both, but this token was issued for `org` only.
    expect((await api(s, `/api/v1/orgs/${other.id}`, { token: admin.token })).status).toBe(403);
    const badParam = await api<ErrorBody>(s, `/api/v1/orgs/${"x".repeat(80)}`, { token: admin.token });
    expect(badParam.status).toBe(400);
  });

  it("[USER] signs in through Auth.js; the session cookie works for the API; a wrong password gets no session", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["REVIEWER"] });
    const cookie = await signInCookie(s, user.email, PASSWORD);
    expect(cookie).toMatch(/^authjs\.session-token=/);
    const me = await api<{ user: { email: string }; via: string }>(s, "/api/v1/me", { cookie });
    expect(me.body).toMatchObject({ user: { email: user.email }, via: "session" });
    const loggedBefore = logged.length;
    expect(await signInCookie(s, user.email, "wrong-password")).toBe("");
    // A wrong password is an everyday outcome: nothing at error level in the server's log.
    expect(logged.slice(loggedBefore).filter((l) => l.level >= 50)).toEqual([]);

    // Signing out everywhere (bumping the session version) invalidates existing cookies.
    await s.tdb.db.prisma.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await api(s, "/api/v1/me", { cookie })).status).toBe(401);
  });

  it("[USER] pages: a role home renders for its role and sign-in is required", async () => {
    const { user } = await seedUser({ db: s.tdb.db, roles: ["AUTHOR"] });
    const anon = await api(s, "/author");
    expect([302, 303, 307]).toContain(anon.status);
    expect(anon.headers.get("location")).toContain("/signin");
    const cookie = await signInCookie(s, user.email, PASSWORD);
    const home = await api(s, "/home", { cookie });
    expect(home.headers.get("location")).toContain("/author");
    const page = await api<string>(s, "/author", { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Questions");
    // Every page names the site icon, and the icon is served (browsers otherwise ask for a missing /favicon.ico).
    const icon = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1];
    expect(icon).toBeTruthy();
    const iconRes = await fetch(new URL(icon ?? "", s.url));
    expect(iconRes.status).toBe(200);
    expect(iconRes.headers.get("content-type")).toContain("image/svg+xml");
    const favicon = await fetch(new URL("/favicon.ico", s.url));
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toContain("image/svg+xml");
  });
});
