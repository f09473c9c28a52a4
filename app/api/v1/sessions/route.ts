import { requireOrgRole } from "@/server/auth/guards";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { createLiveSession, ZCreateSession } from "@/server/sessions/create-session";
import { listSessions } from "@/server/sessions/list-sessions";

/** Sessions the caller takes part in, in every organisation they belong to. */
export const GET = apiRoute({}, async ({ rt, auth }) => ({
  sessions: await listSessions({ db: rt.db, orgIds: auth.memberships.map((m) => m.orgId), userId: auth.user.id }),
}));

/** Creates a live session with the caller as interviewer; answers with its room code and invite link. */
export const POST = apiRoute({ body: ZCreateSession, maxBodyBytes: 16 * 1024 }, async ({ req, rt, auth, body }) => {
  requireOrgRole(auth, body.orgId, ["INTERVIEWER"]);
  const s = await createLiveSession({ db: rt.db, creatorId: auth.user.id, input: body });
  const origin = new URL(req.url).origin;
  return withStatus(201, { ...s, inviteUrl: `${origin}/join/${s.inviteToken}`, observerUrl: `${origin}/join/${s.inviteToken}?as=observer`, roomUrl: `${origin}/room/${s.id}` });
});
