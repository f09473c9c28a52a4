import { apiRoute } from "@/server/http/api-route";
import { joinSession, ZJoinSession } from "@/server/sessions/join-session";

/** Enters a session by invite token or room code: { inviteToken } or { roomCode }, optionally as: "observer". */
export const POST = apiRoute({ body: ZJoinSession, maxBodyBytes: 1024 }, async ({ rt, auth, body }) => joinSession({ db: rt.db, auth, input: body }));
