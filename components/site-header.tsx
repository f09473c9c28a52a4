import Link from "next/link";
import type { RoleName } from "@/lib/accounts";
import { ROLE_LABELS } from "@/lib/accounts";
import { signOut } from "@/server/auth/next-auth";

const NAV: { role: RoleName; href: string; label: string }[] = [
  { role: "CANDIDATE", href: "/practice", label: "Practice" },
  { role: "INTERVIEWER", href: "/interviews", label: "Interviews" },
  { role: "REVIEWER", href: "/reviews", label: "Reviews" },
  { role: "AUTHOR", href: "/author", label: "Questions" },
  { role: "ADMIN", href: "/admin", label: "Admin" },
];

export function SiteHeader({ name, roles }: { name: string; roles: RoleName[] }) {
  const isAdmin = roles.includes("ADMIN");
  const links = NAV.filter((n) => isAdmin || roles.includes(n.role));
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
        <Link href="/home" className="text-lg font-bold text-indigo-700">
          Mockroom
        </Link>
        <nav aria-label="Main" className="flex flex-1 gap-4 text-sm">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-slate-700 hover:text-indigo-700">
              {l.label}
            </Link>
          ))}
          <Link href="/settings/tokens" className="text-slate-700 hover:text-indigo-700">
            API tokens
          </Link>
        </nav>
        <span className="text-sm text-slate-600" data-testid="signed-in-as">
          {name} · {roles.map((r) => ROLE_LABELS[r]).join(", ")}
        </span>
        <form
          action={async () => {
            "use server";
            await signOut({ redirectTo: "/" });
          }}
        >
          <button type="submit" className="text-sm font-medium text-slate-700 hover:text-red-700">
            Sign out
          </button>
        </form>
      </div>
    </header>
  );
}
