import { apiRoute } from "@/server/http/api-route";
import { ZSessionParams } from "@/server/http/params";
import { saveFeedback, ZFeedback } from "@/server/sessions/session-summary";

/** The interviewer's written feedback; `share: true` makes it visible to the candidate. */
export const PUT = apiRoute({ params: ZSessionParams, body: ZFeedback, maxBodyBytes: 32 * 1024 }, async ({ rt, auth, params, body }) =>
  saveFeedback({ db: rt.db, sessionId: params.sessionId, userId: auth.user.id, input: body }),
);
