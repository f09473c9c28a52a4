import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  const t = await getTranslations();
  return (
    <AuthCard
      title={t("auth.signInTitle")}
      footer={
        <>
          {t("auth.newHere")}{" "}
          <Link className="font-medium text-indigo-700" href="/signup">
            {t("common.signUp")}
          </Link>
        </>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
