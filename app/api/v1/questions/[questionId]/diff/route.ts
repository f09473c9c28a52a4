import { z } from "zod";
import { diffQuestionContents } from "@/server/authoring/diff-versions";
import { getQuestionVersion } from "@/server/authoring/get-question";
import { apiRoute } from "@/server/http/api-route";
import { ZQuestionParams } from "@/server/http/params";
import { ZQuestionFile } from "@/lib/questions/schema";
import { parseOrThrow } from "@/lib/validation";

const ZQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

/** GET ?from=1&to=2: a line diff of two published versions in the file format. */
export const GET = apiRoute({ params: ZQuestionParams }, async ({ req, rt, auth, params }) => {
  const q = parseOrThrow(ZQuery, Object.fromEntries(new URL(req.url).searchParams), "query");
  const [a, b] = await Promise.all([
    getQuestionVersion({ db: rt.db, ctx: auth, questionId: params.questionId, version: q.from }),
    getQuestionVersion({ db: rt.db, ctx: auth, questionId: params.questionId, version: q.to }),
  ]);
  return diffQuestionContents({ from: ZQuestionFile.parse(a.content), to: ZQuestionFile.parse(b.content), fromLabel: `v${q.from}`, toLabel: `v${q.to}` });
});
