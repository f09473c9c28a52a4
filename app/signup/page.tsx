import Link from "next/link";
import { Card } from "@/components/ui";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <Link href="/" className="text-xl font-bold text-indigo-700">
        Mockroom
      </Link>
      <Card className="mt-6">
        <h1 className="mb-4 text-xl font-semibold">Create an account</h1>
        <SignUpForm />
        <p className="mt-4 text-sm text-slate-600">
          Already have an account?{" "}
          <Link className="font-medium text-indigo-700" href="/signin">
            Sign in
          </Link>
        </p>
      </Card>
    </main>
  );
}
