import { getQuestionForEditor } from "@/server/authoring/get-question";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";

/** The editable question (draft, rubric, reference answer): authors and admins of its organisation only. */
export const GET = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => getQuestionForEditor({ db: rt.db, ctx: auth, questionId: params.questionId }));
