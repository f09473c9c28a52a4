import { createApiToken, listApiTokens, ZCreateToken } from "@/server/accounts/api-tokens";
import { apiRoute, withStatus } from "@/server/http/api-route";

export const GET = apiRoute({}, async ({ rt, auth }) => ({ tokens: await listApiTokens({ db: rt.db, userId: auth.user.id }) }));

export const POST = apiRoute({ body: ZCreateToken, maxBodyBytes: 4 * 1024 }, async ({ rt, auth, body }) => {
  // A token can mint tokens only for its own organisation.
  const orgId = auth.tokenOrgId ?? body.orgId;
  const { token, view } = await createApiToken({ db: rt.db, userId: auth.user.id, input: { ...body, ...(orgId ? { orgId } : {}) } });
  return withStatus(201, { token, ...view });
});
