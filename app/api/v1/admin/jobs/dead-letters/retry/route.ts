import { apiRoute } from "@/server/http/api-route";
import { retryDeadLetter, ZRetryDeadLetter } from "@/server/jobs/dead-letters";

/** Runs one dead-lettered job again from its first attempt (ADMIN only). */
export const POST = apiRoute({ body: ZRetryDeadLetter }, async ({ rt, auth, body }) => retryDeadLetter({ db: rt.db, jobs: rt.jobs, ctx: auth, ref: body }));
