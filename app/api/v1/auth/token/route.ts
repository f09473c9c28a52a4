import { z } from "zod";
import { createApiToken } from "@/server/accounts/api-tokens";
import { verifyCredentials } from "@/server/accounts/verify-credentials";
import { apiRoute, withStatus } from "@/server/http/api-route";
import { clientAddressOf } from "@/server/http/client-address";

const ZBody = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(200),
  name: z.string().trim().min(1).max(80).default("script"),
  orgId: z.string().min(1).max(40).optional(),
});

/** Exchanges email and password for a personal API token, for scripts that cannot use a browser. */
export const POST = apiRoute({ auth: false, body: ZBody, maxBodyBytes: 8 * 1024 }, async ({ req, rt, body }) => {
  const user = await verifyCredentials({ db: rt.db, input: { email: body.email, password: body.password }, throttle: rt.signInThrottle, client: clientAddressOf(req.headers) });
  const { token, view } = await createApiToken({ db: rt.db, userId: user.id, input: { name: body.name, orgId: body.orgId } });
  return withStatus(201, { token, ...view });
});
