import { AppError } from "@/lib/errors";
import { requireQuestionAuthor } from "@/server/authoring/question-access";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";
import { requestRescore } from "@/server/jobs/request-rescore";

/** Re-scores the question's stored answers against its latest version; the result appears under /rescores. */
export const POST = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  await requireQuestionAuthor({ db: rt.db, ctx: auth, questionId: params.questionId });
  const request = await requestRescore({ db: rt.db, jobs: rt.jobs, questionId: params.questionId });
  if (!request) throw new AppError("CONFLICT", "Publish the question before re-scoring its answers.");
  return withStatus(202, request);
});
