import { hasRole, requireOrgMember } from "@/server/auth/guards";
import { createQuestion } from "@/server/authoring/create-question";
import { listQuestions } from "@/server/bank/list-questions";
import { apiRoute, readJsonBody, withStatus } from "@/server/http/api-route";
import { ZOrgParams } from "@/server/http/params";

/** Every member sees published questions; authors (and admins) see drafts too. */
export const GET = apiRoute({ params: ZOrgParams }, async ({ rt, auth, params }) => {
  const m = requireOrgMember(auth, params.orgId);
  return { questions: await listQuestions({ db: rt.db, orgIds: [params.orgId], publishedOnly: !hasRole(m, ["AUTHOR"]) }) };
});

/** Starts a draft: { slug, lang, title, collection? }. */
export const POST = apiRoute({ params: ZOrgParams }, async ({ req, rt, auth, params }) => {
  const q = await createQuestion({ db: rt.db, ctx: auth, orgId: params.orgId, input: await readJsonBody(req, 8 * 1024) });
  return withStatus(201, { id: q.id, slug: q.slug, lang: q.lang, status: q.status });
});
