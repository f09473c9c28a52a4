import { bulkUpdateQuestions } from "@/server/authoring/bulk-update-questions";
import { apiRoute, readJsonBody } from "@/server/http/api-route";
import { ZOrgParams } from "@/server/http/params";
import { requireOrgRole } from "@/server/auth/guards";

/** { action: "publish" | "archive" | "restore", questionIds } — each id succeeds or fails on its own. */
export const POST = apiRoute({ params: ZOrgParams }, async ({ req, rt, auth, params }) => {
  requireOrgRole(auth, params.orgId, ["AUTHOR"]);
  return bulkUpdateQuestions({ db: rt.db, ctx: auth, input: await readJsonBody(req, 32 * 1024) });
});
