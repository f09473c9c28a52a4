import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/accounts";
import { allRoles } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export const dynamic = "force-dynamic";

/** Sends each user to the home of their main role. */
export default async function HomeRedirect() {
  const ctx = await sessionAuthContext({ db: getRuntime().db });
  redirect(ctx ? homePathFor(allRoles(ctx)) : "/signin");
}
