import { AppError } from "@/lib/errors";
import { requireQuestionAuthor } from "@/server/authoring/question-access";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";
import { requestCalibration } from "@/server/jobs/request-calibration";

/** Fits the question's calibration from its human grades (job calibrate-question); the result appears under /calibrations. */
export const POST = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  await requireQuestionAuthor({ db: rt.db, ctx: auth, questionId: params.questionId });
  const request = await requestCalibration({ db: rt.db, jobs: rt.jobs, questionId: params.questionId });
  if (request.jobKey === null) throw new AppError("CONFLICT", "No answer to this question has a human score and a current engine score yet.");
  return withStatus(202, request);
});
