import { z } from "zod";
import { hasRole, requireOrgMember } from "@/server/auth/guards";
import { listQuestions } from "@/server/bank/list-questions";
import { apiRoute } from "@/server/http/api-route";

/** Every member sees published questions; authors (and admins) see drafts too. */
export const GET = apiRoute({ params: z.object({ orgId: z.string().min(1).max(40) }) }, async ({ rt, auth, params }) => {
  const m = requireOrgMember(auth, params.orgId);
  return { questions: await listQuestions({ db: rt.db, orgIds: [params.orgId], publishedOnly: !hasRole(m, ["AUTHOR"]) }) };
});
