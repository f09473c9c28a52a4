import { z } from "zod";
import { getQuestionVersion } from "@/server/authoring/get-question";
import { apiRoute } from "@/server/http/api-route";
import { ZId } from "@/server/http/params";

const ZParams = z.object({ questionId: ZId, version: z.coerce.number().int().min(1).max(100_000) });

export const GET = apiRoute({ params: ZParams }, async ({ rt, auth, params }) => {
  const v = await getQuestionVersion({ db: rt.db, ctx: auth, questionId: params.questionId, version: params.version });
  return { version: v.version, publishedAt: v.publishedAt.toISOString(), content: v.content };
});
