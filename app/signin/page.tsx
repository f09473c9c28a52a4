import Link from "next/link";
import { Card } from "@/components/ui";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <Link href="/" className="text-xl font-bold text-indigo-700">
        Mockroom
      </Link>
      <Card className="mt-6">
        <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
        <SignInForm />
        <p className="mt-4 text-sm text-slate-600">
          New here?{" "}
          <Link className="font-medium text-indigo-700" href="/signup">
            Create an account
          </Link>
        </p>
      </Card>
    </main>
  );
}
