import { publishQuestion } from "@/server/authoring/publish-question";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";

export const POST = apiRoute({ params: ZQuestionParams }, async ({ rt, auth, params }) => {
  const { version, created } = await publishQuestion({ db: rt.db, ctx: auth, questionId: params.questionId });
  return withStatus(created ? 201 : 200, { version: version.version, created, publishedAt: version.publishedAt.toISOString() });
});
