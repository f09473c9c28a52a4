import { z } from "zod";
import { revokeApiToken } from "@/server/accounts/api-tokens";
import { apiRoute } from "@/server/http/api-route";

export const DELETE = apiRoute({ params: z.object({ tokenId: z.string().min(1).max(40) }) }, async ({ rt, auth, params }) => ({
  token: await revokeApiToken({ db: rt.db, userId: auth.user.id, tokenId: params.tokenId }),
}));
