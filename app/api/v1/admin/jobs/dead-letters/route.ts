import { apiRoute } from "@/server/http/api-route";
import { listDeadLetters } from "@/server/jobs/dead-letters";

/** Jobs that failed for good (ADMIN only), from the queue's dead-letter list. */
export const GET = apiRoute({}, async ({ rt, auth }) => ({ mode: rt.jobs.mode, deadLetters: await listDeadLetters({ db: rt.db, jobs: rt.jobs, ctx: auth }) }));
