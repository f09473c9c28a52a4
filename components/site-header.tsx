import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { RoleName } from "@/lib/accounts";
import { signOut } from "@/server/auth/next-auth";
import { LanguageSwitcher } from "./language-switcher";

const NAV: { role: RoleName; href: string; key: "practice" | "interviews" | "reviews" | "questions" | "admin" }[] = [
  { role: "CANDIDATE", href: "/practice", key: "practice" },
  { role: "INTERVIEWER", href: "/interviews", key: "interviews" },
  { role: "REVIEWER", href: "/reviews", key: "reviews" },
  { role: "AUTHOR", href: "/author", key: "questions" },
  { role: "ADMIN", href: "/admin", key: "admin" },
];

export async function SiteHeader({ name, roles }: { name: string; roles: RoleName[] }) {
  const t = await getTranslations();
  const isAdmin = roles.includes("ADMIN");
  const links = NAV.filter((n) => isAdmin || roles.includes(n.role));
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
        <Link href="/home" className="text-lg font-bold text-indigo-700">
          Mockroom
        </Link>
        <nav aria-label={t("nav.main")} className="flex flex-1 flex-wrap gap-x-4 gap-y-1 text-sm">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-slate-700 hover:text-indigo-700">
              {t(`nav.${l.key}`)}
            </Link>
          ))}
          <Link href="/queue" className="text-slate-700 hover:text-indigo-700">
            {t("queue.nav")}
          </Link>
          <Link href="/settings/tokens" className="text-slate-700 hover:text-indigo-700">
            {t("common.apiTokens")}
          </Link>
        </nav>
        <LanguageSwitcher />
        <span className="text-sm text-slate-600" data-testid="signed-in-as">
          {name} · {roles.map((r) => t(`common.roles.${r}`)).join(", ")}
        </span>
        <form
          action={async () => {
            "use server";
            await signOut({ redirectTo: "/" });
          }}
        >
          <button type="submit" className="text-sm font-medium text-slate-700 hover:text-red-700">
            {t("common.signOut")}
          </button>
        </form>
      </div>
    </header>
  );
}
