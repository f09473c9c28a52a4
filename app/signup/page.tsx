import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "@/components/language-switcher";
import { Card } from "@/components/ui";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };

export default async function SignUpPage() {
  const t = await getTranslations();
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <div className="flex items-center justify-between">
        <Link href="/" className="text-xl font-bold text-indigo-700">
          Mockroom
        </Link>
        <LanguageSwitcher />
      </div>
      <Card className="mt-6">
        <h1 className="mb-4 text-xl font-semibold">{t("auth.signUpTitle")}</h1>
        <SignUpForm />
        <p className="mt-4 text-sm text-slate-600">
          {t("auth.haveAccount")}{" "}
          <Link className="font-medium text-indigo-700" href="/signin">
            {t("common.signIn")}
          </Link>
        </p>
      </Card>
    </main>
  );
}
