import { requireOrgRole } from "@/server/auth/guards";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { ZOrgParams } from "@/server/http/params";
import { listTemplates, saveTemplate, ZTemplateInput } from "@/server/sessions/templates";

export const GET = apiRoute({ params: ZOrgParams }, async ({ rt, auth, params }) => {
  requireOrgRole(auth, params.orgId, ["INTERVIEWER"]);
  return { templates: await listTemplates({ db: rt.db, orgId: params.orgId }) };
});

export const POST = apiRoute({ params: ZOrgParams, body: ZTemplateInput, maxBodyBytes: 16 * 1024 }, async ({ rt, auth, params, body }) => {
  requireOrgRole(auth, params.orgId, ["INTERVIEWER"]);
  return withStatus(201, await saveTemplate({ db: rt.db, orgId: params.orgId, userId: auth.user.id, input: body }));
});
