import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "./language-switcher";
import { Card } from "./ui";

/** The frame of the sign-in and sign-up pages: brand, language switch, a card and a footer link. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <div className="flex items-center justify-between">
        <Link href="/" className="text-xl font-bold text-indigo-700">
          Mockroom
        </Link>
        <LanguageSwitcher />
      </div>
      <Card className="mt-6">
        <h1 className="mb-4 text-xl font-semibold">{title}</h1>
        {children}
        <p className="mt-4 text-sm text-slate-600">{footer}</p>
      </Card>
    </main>
  );
}
