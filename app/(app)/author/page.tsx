import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PackPanel } from "@/components/authoring/pack-panel";
import { QuestionList } from "@/components/authoring/question-list";
import { Forbidden } from "@/components/forbidden";
import { EmptyState, PageTitle } from "@/components/ui";
import { pageAuth } from "@/server/auth/page-auth";
import { listAuthorQuestions, ZQuestionFilters } from "@/server/authoring/list-author-questions";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Questions" };

export default async function AuthorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("authoring");
  const { memberships } = await pageAuth(["AUTHOR"]);
  if (!memberships.length) return <Forbidden title={t("listTitle")} need="AUTHOR" />;
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const parsed = ZQuestionFilters.safeParse(raw);
  const filters = parsed.success ? parsed.data : {};
  const rows = await listAuthorQuestions({ db: getRuntime().db, orgIds: memberships.map((m) => m.orgId), filters });
  const select = (name: string, options: [string, string][], value?: string) => (
    <label className="text-xs font-medium text-slate-600">
      {t(`filter.${name}`)}
      <select name={name} defaultValue={value ?? ""} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm">
        <option value="">{t("filter.all")}</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <div className="flex items-start justify-between gap-3">
        <PageTitle title={t("listTitle")} subtitle={t("listSubtitle", { count: rows.length })} />
        <Link href="/author/new" className="shrink-0 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium whitespace-nowrap text-white">
          {t("newQuestion")}
        </Link>
      </div>
      {!parsed.success ? <p className="mb-2 text-sm text-red-700">{t("badFilters")}</p> : null}
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <label className="text-xs font-medium text-slate-600">
          {t("filter.search")}
          <input name="q" defaultValue={filters.q ?? ""} className="mt-0.5 block rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("filter.tag")}
          <input name="tag" defaultValue={filters.tag ?? ""} className="mt-0.5 block w-32 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </label>
        {select("difficulty", [["easy", t("difficultyNames.easy")], ["medium", t("difficultyNames.medium")], ["hard", t("difficultyNames.hard")]], filters.difficulty)}
        {select("lang", [["zh", "中文"], ["en", "English"]], filters.lang)}
        {select("status", [["DRAFT", t("statusNames.DRAFT")], ["PUBLISHED", t("statusNames.PUBLISHED")], ["ARCHIVED", t("statusNames.ARCHIVED")]], filters.status)}
        {select("editedWithinDays", [["1", t("filter.day")], ["7", t("filter.week")], ["30", t("filter.month")]], filters.editedWithinDays?.toString())}
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm">
          {t("filter.apply")}
        </button>
      </form>
      <div className="mb-4">
        <PackPanel orgId={memberships[0]!.orgId} />
      </div>
      {rows.length ? <QuestionList rows={rows} /> : <EmptyState>{t("noMatches")}</EmptyState>}
    </>
  );
}
