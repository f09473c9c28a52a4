import { z } from "zod";
import { parseOrThrow } from "@/lib/validation";
import { importQuestionPack, MAX_PACK_BYTES } from "@/server/authoring/question-pack";
import { apiRoute, readBodyBytes } from "@/server/http/api-route";
import { ZOrgParams } from "@/server/http/params";

const ZQuery = z.object({ name: z.string().min(1).max(200).regex(/\.(zip|ya?ml)$/i, "must end in .zip, .yaml or .yml") });

/** POST the raw bytes of a .zip pack (or one .yaml file) with ?name=<file name>. */
export const POST = apiRoute({ params: ZOrgParams }, async ({ req, rt, auth, params }) => {
  const { name } = parseOrThrow(ZQuery, Object.fromEntries(new URL(req.url).searchParams), "query");
  const bytes = await readBodyBytes(req, MAX_PACK_BYTES);
  return importQuestionPack({ db: rt.db, ctx: auth, orgId: params.orgId, fileName: name, bytes });
});
