import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { JoinCodeForm } from "@/components/sessions/join-code-form";
import { Card, PageTitle } from "@/components/ui";
import { hasRole } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Join with a code" };

export default async function JoinByCodePage() {
  const t = await getTranslations("join");
  const auth = await sessionAuthContext({ db: getRuntime().db });
  if (!auth) redirect(`/signin?callbackUrl=${encodeURIComponent("/join")}`);
  // Observing is for interviewers and reviewers (the server checks it against the session's organisation).
  const canObserve = auth.memberships.some((m) => hasRole(m, ["INTERVIEWER", "REVIEWER"]));
  return (
    <div className="max-w-md">
      <PageTitle title={t("title")} subtitle={t("subtitle")} />
      <Card>
        <JoinCodeForm canObserve={canObserve} />
      </Card>
    </div>
  );
}
