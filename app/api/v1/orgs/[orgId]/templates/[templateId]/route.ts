import { requireOrgRole } from "@/server/auth/guards";
import { apiRoute } from "@/server/http/api-route";
import { ZTemplateParams } from "@/server/http/params";
import { deleteTemplate, saveTemplate, ZTemplateInput } from "@/server/sessions/templates";

export const PUT = apiRoute({ params: ZTemplateParams, body: ZTemplateInput, maxBodyBytes: 16 * 1024 }, async ({ rt, auth, params, body }) => {
  requireOrgRole(auth, params.orgId, ["INTERVIEWER"]);
  return saveTemplate({ db: rt.db, orgId: params.orgId, userId: auth.user.id, input: body, templateId: params.templateId });
});

export const DELETE = apiRoute({ params: ZTemplateParams }, async ({ rt, auth, params }) => {
  requireOrgRole(auth, params.orgId, ["INTERVIEWER"]);
  await deleteTemplate({ db: rt.db, orgId: params.orgId, templateId: params.templateId });
  return { deleted: true };
});
