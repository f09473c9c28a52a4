import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { safeCallbackPath } from "./callback-path";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations();
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <AuthCard
      title={t("auth.signInTitle")}
      footer={
        <>
          {t("auth.newHere")}{" "}
          <Link className="font-medium text-indigo-700" href={callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signup"}>
            {t("common.signUp")}
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
