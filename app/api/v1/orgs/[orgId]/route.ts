import { z } from "zod";
import { requireOrgMember } from "@/server/auth/guards";
import { apiRoute } from "@/server/http/api-route";

export const GET = apiRoute({ params: z.object({ orgId: z.string().min(1).max(40) }) }, async ({ auth, params }) => {
  const m = requireOrgMember(auth, params.orgId);
  return { orgId: m.orgId, name: m.orgName, slug: m.orgSlug, yourRoles: m.roles };
});
