import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, PageTitle } from "@/components/ui";

const KNOWN = ["NOT_FOUND", "CONFLICT", "FORBIDDEN", "VALIDATION_FAILED"] as const;
type Known = (typeof KNOWN)[number];

/** Why a join failed: a translated headline per error code, the server's precise reason, and a way on. */
export async function JoinError({ code, message }: { code: string; message: string }) {
  const t = await getTranslations("join");
  const known = (KNOWN as readonly string[]).includes(code) ? (code as Known) : null;
  return (
    <div className="max-w-xl">
      <PageTitle title={t("failedTitle")} />
      <Alert>
        <p className="font-medium" data-testid="join-error">
          {known ? t(`errors.${known}`) : t("errors.other")}
        </p>
        {message ? <p className="mt-1">{message}</p> : null}
      </Alert>
      <p className="mt-4 text-sm">
        <Link href="/join" className="font-medium text-indigo-700 hover:underline">
          {t("tryCode")}
        </Link>
        {" · "}
        <Link href="/home" className="font-medium text-indigo-700 hover:underline">
          {t("goHome")}
        </Link>
      </p>
    </div>
  );
}
