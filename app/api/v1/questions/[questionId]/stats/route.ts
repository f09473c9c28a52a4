import { requireQuestionAuthor } from "@/server/authoring/question-access";
import { loadQuestionStats } from "@/server/bank/load-question-stats";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";

export const GET = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  await requireQuestionAuthor({ db: rt.db, ctx: auth, questionId: params.questionId });
  return loadQuestionStats({ db: rt.db, questionId: params.questionId });
});
