import { exportQuestionPack } from "@/server/authoring/question-pack";
import { apiRoute } from "@/server/http/api-route";
import { ZOrgParams } from "@/server/http/params";

/** The organisation's published bank as a zip of canonical question files. */
export const GET = apiRoute({ params: ZOrgParams }, async ({ rt, auth, params }) => {
  const { zip } = await exportQuestionPack({ db: rt.db, ctx: auth, orgId: params.orgId });
  return new Response(Buffer.from(zip), {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="mockroom-questions-${new Date().toISOString().slice(0, 10)}.zip"` },
  });
});
