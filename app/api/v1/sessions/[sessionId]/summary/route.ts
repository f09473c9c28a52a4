import { apiRoute } from "@/server/http/api-route";
import { ZSessionParams } from "@/server/http/params";
import { sessionSummary } from "@/server/sessions/session-summary";

/** Interviewers and observers: scores per question, notes, AI assessments and the timeline. */
export const GET = apiRoute({ params: ZSessionParams }, async ({ rt, auth, params }) => sessionSummary({ db: rt.db, sessionId: params.sessionId, userId: auth.user.id }));
