import { z } from "zod";
import { signUp } from "@/server/accounts/sign-up";
import { apiRoute, withStatus } from "@/server/http/api-route";

// The body is validated in full by signUp (ZSignUp); here it only has to be a JSON object.
export const POST = apiRoute({ auth: false, body: z.record(z.string(), z.unknown()), maxBodyBytes: 8 * 1024 }, async ({ rt, body }) =>
  withStatus(201, await signUp({ db: rt.db, input: body })),
);
