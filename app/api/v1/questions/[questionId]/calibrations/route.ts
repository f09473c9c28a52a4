import { requireQuestionAuthor } from "@/server/authoring/question-access";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";
import { listCalibrations } from "@/server/jobs/list-calibrations";

export const GET = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  await requireQuestionAuthor({ db: rt.db, ctx: auth, questionId: params.questionId });
  return { calibrations: await listCalibrations({ db: rt.db, questionId: params.questionId }) };
});
