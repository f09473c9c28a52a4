import Link from "next/link";
import { homePathFor } from "@/lib/accounts";
import { allRoles } from "@/server/auth/guards";
import { sessionAuthContext } from "@/server/auth/request-auth";
import { getRuntime } from "@/server/runtime/runtime";

export const dynamic = "force-dynamic";

const USES = [
  { title: "Live interviews", body: "Interviewer and candidate in one room: push questions, watch the answer as it is typed, keep private notes, get AI scoring the candidate never sees." },
  { title: "Solo AI practice", body: "Practise alone with an AI interviewer that scores each answer against the rubric, asks grounded follow-ups and tracks your progress." },
  { title: "Rubric review", body: "Reviewers score recorded sessions independently against anchored rubrics; the team sees agreement, AI-vs-human calibration and a decision." },
  { title: "Question authoring", body: "Questions with reference answers, key points, rubric criteria and follow-ups, versioned, previewed, imported and exported." },
];

export default async function LandingPage() {
  const ctx = await sessionAuthContext({ db: getRuntime().db });
  return (
    <main className="mx-auto max-w-5xl px-6 py-16">
      <div className="flex items-center justify-between">
        <span className="text-xl font-bold text-indigo-700">Mockroom</span>
        <nav className="flex gap-3 text-sm">
          {ctx ? (
            <Link className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white" href={homePathFor(allRoles(ctx))}>
              Open Mockroom
            </Link>
          ) : (
            <>
              <Link className="px-4 py-2 font-medium text-slate-700" href="/signin">
                Sign in
              </Link>
              <Link className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white" href="/signup">
                Create an account
              </Link>
            </>
          )}
        </nav>
      </div>
      <section className="mt-16 max-w-2xl">
        <h1 className="text-4xl font-bold tracking-tight">Practise and run technical interviews, in Chinese and English.</h1>
        <p className="mt-4 text-lg text-slate-600">
          Mockroom pairs interviewers with candidates in real time and scores answers against rubrics with models that run on your own machines.
        </p>
      </section>
      <section className="mt-12 grid gap-4 sm:grid-cols-2">
        {USES.map((u) => (
          <div key={u.title} className="rounded-xl border border-slate-200 bg-white p-5">
            <h2 className="font-semibold">{u.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{u.body}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
