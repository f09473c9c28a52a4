import { setQuestionArchived } from "@/server/authoring/set-question-status";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";

export const POST = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  const q = await setQuestionArchived({ db: rt.db, ctx: auth, questionId: params.questionId, archived: false });
  return { id: q.id, status: q.status };
});
