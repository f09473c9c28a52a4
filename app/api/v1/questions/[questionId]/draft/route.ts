import { z } from "zod";
import { getQuestionForEditor } from "@/server/authoring/get-question";
import { saveDraft } from "@/server/authoring/save-draft";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";

const ZBody = z.strictObject({ draft: z.unknown(), baseUpdatedAt: z.iso.datetime().optional() });

export const PUT = apiRoute({ params: ZQuestionParams, body: ZBody, maxBodyBytes: 256 * 1024 }, async ({ rt, auth, params, body }) => {
  await saveDraft({ db: rt.db, ctx: auth, questionId: params.questionId, draft: body.draft, baseUpdatedAt: body.baseUpdatedAt });
  return getQuestionForEditor({ db: rt.db, ctx: auth, questionId: params.questionId });
});
