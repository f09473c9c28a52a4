import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "@/components/language-switcher";
import { homePathFor } from "@/lib/accounts";
import { allRoles } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export const dynamic = "force-dynamic";

const USES = ["live", "solo", "review", "authoring"] as const;

export default async function LandingPage() {
  const t = await getTranslations();
  const ctx = await sessionAuthContext({ db: getRuntime().db });
  return (
    <main className="mx-auto max-w-5xl px-6 py-16">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <span className="text-xl font-bold text-indigo-700">Mockroom</span>
        <nav className="flex flex-wrap items-center gap-3 text-sm">
          <LanguageSwitcher />
          {ctx ? (
            <Link className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white" href={homePathFor(allRoles(ctx))}>
              {t("common.open")}
            </Link>
          ) : (
            <>
              <Link className="px-4 py-2 font-medium text-slate-700" href="/signin">
                {t("common.signIn")}
              </Link>
              <Link className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white" href="/signup">
                {t("common.signUp")}
              </Link>
            </>
          )}
        </nav>
      </div>
      <section className="mt-16 max-w-2xl">
        <h1 className="text-4xl font-bold tracking-tight">{t("landing.headline")}</h1>
        <p className="mt-4 text-lg text-slate-600">{t("landing.lead")}</p>
      </section>
      <section className="mt-12 grid gap-4 sm:grid-cols-2">
        {USES.map((u) => (
          <div key={u} className="rounded-xl border border-slate-200 bg-white p-5">
            <h2 className="font-semibold">{t(`landing.uses.${u}.title`)}</h2>
            <p className="mt-2 text-sm text-slate-600">{t(`landing.uses.${u}.body`)}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
