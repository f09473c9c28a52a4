import { z } from "zod";
import { requireOrgRole } from "@/server/auth/guards";
import { apiRoute } from "@/server/http/api-route";
import { listMembers } from "@/server/orgs/list-members";

export const GET = apiRoute({ params: z.object({ orgId: z.string().min(1).max(40) }) }, async ({ rt, auth, params }) => {
  requireOrgRole(auth, params.orgId, ["ADMIN"]);
  return { members: await listMembers({ db: rt.db, orgId: params.orgId }) };
});
