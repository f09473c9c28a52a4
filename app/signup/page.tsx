import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { safeCallbackPath } from "../signin/callback-path";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations();
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <AuthCard
      title={t("auth.signUpTitle")}
      footer={
        <>
          {t("auth.haveAccount")}{" "}
          <Link className="font-medium text-indigo-700" href={callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin"}>
            {t("common.signIn")}
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
