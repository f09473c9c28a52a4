"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { importPackAction, type ActionState } from "@/app/(app)/author/actions";

/** Import a zipped question pack (or one .yaml file) and export the published bank as a zip. */
export function PackPanel({ orgId }: { orgId: string }) {
  const t = useTranslations("authoring");
  const [state, action, pending] = useActionState<ActionState, FormData>(importPackAction, {});
  const summary = state.message ? (JSON.parse(state.message) as { created: number; newVersions: number; unchanged: number }) : null;
  return (
    <div className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4 text-sm">
      <form action={action} className="flex min-w-0 flex-wrap items-end gap-2">
        <input type="hidden" name="orgId" value={orgId} />
        <label>
          <span className="mb-1 block text-xs font-medium text-slate-600">{t("importPack")}</span>
          <input type="file" name="pack" accept=".zip,.yaml,.yml" className="max-w-full text-xs" />
        </label>
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium">
          {t("import")}
        </button>
      </form>
      <a href={`/api/v1/orgs/${orgId}/questions/export`} className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium" download>
        {t("exportPack")}
      </a>
      {summary ? (
        <p role="status" className="text-emerald-700">
          {t("importDone", summary)}
        </p>
      ) : null}
      {state.error ? (
        <pre role="alert" className="w-full rounded-lg border border-red-200 bg-red-50 p-2 text-xs whitespace-pre-wrap text-red-800">
          {state.error}
        </pre>
      ) : null}
    </div>
  );
}
