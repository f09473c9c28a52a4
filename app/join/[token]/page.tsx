import { redirect } from "next/navigation";
import { JoinError } from "@/components/sessions/join-error";
import { AppError } from "@/lib/errors";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";
import { joinSession, ZJoinSession } from "@/server/sessions/join-session";

export const metadata = { title: "Join a session" };

/**
 * An invite link: /join/<token> takes the candidate seat, /join/<token>?as=observer an observer's.
 * Signed-out visitors sign in (or up) first and come back here.
 */
export default async function JoinByInvitePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  const as = (await searchParams).as === "observer" ? "observer" : "candidate";
  const { db } = getRuntime();
  const auth = await sessionAuthContext({ db });
  const self = `/join/${encodeURIComponent(token)}${as === "observer" ? "?as=observer" : ""}`;
  if (!auth) redirect(`/signin?callbackUrl=${encodeURIComponent(self)}`);
  const input = ZJoinSession.safeParse({ inviteToken: token, as });
  if (!input.success) return <JoinError code="NOT_FOUND" message="" />;
  let sessionId: string;
  try {
    sessionId = (await joinSession({ db, auth, input: input.data })).sessionId;
  } catch (err) {
    if (err instanceof AppError) return <JoinError code={err.code} message={err.message} />;
    throw err;
  }
  // Outside the try: redirect() works by throwing.
  redirect(`/room/${sessionId}`);
}
