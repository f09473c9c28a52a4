import { apiRoute } from "@/server/http/api-route";

export const GET = apiRoute({}, async ({ auth }) => ({
  user: auth.user,
  via: auth.via,
  orgs: auth.memberships.map((m) => ({ orgId: m.orgId, name: m.orgName, slug: m.orgSlug, roles: m.roles })),
}));
