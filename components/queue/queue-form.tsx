"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui";
import { QUEUE_ROLES, type QueueRole } from "@/lib/pairing/criteria";
import { MAX_QUEUE_TAGS, type QueueJoinInput } from "@/lib/realtime/pairing-contract";
import { DIFFICULTIES, LANGS, type Lang } from "@/lib/questions/schema";
import { OrgSelect } from "@/components/org-select";

export type QueueOrg = { orgId: string; name: string; canInterview: boolean };

const selectClass = "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm";

/** Role, topics, level and language; the topics offered are the tags of the organisation's bank. */
export function QueueForm({
  orgs,
  tags,
  initial,
  busy,
  onJoin,
}: {
  orgs: QueueOrg[];
  tags: string[];
  initial?: QueueJoinInput | undefined;
  busy: boolean;
  onJoin: (wish: QueueJoinInput) => void;
}) {
  const t = useTranslations("queue");
  const locale = useLocale();
  const [orgId, setOrgId] = useState(initial?.orgId ?? orgs[0]?.orgId ?? "");
  const org = orgs.find((o) => o.orgId === orgId);
  const roles = QUEUE_ROLES.filter((r) => r !== "INTERVIEWER" || org?.canInterview);
  const [role, setRole] = useState<QueueRole>(initial?.role ?? (orgs[0]?.canInterview ? "INTERVIEWER" : "CANDIDATE"));
  const [picked, setPicked] = useState<string[]>(initial?.tags ?? []);
  const [level, setLevel] = useState<(typeof DIFFICULTIES)[number]>(initial?.level ?? "medium");
  const [lang, setLang] = useState<Lang>(initial?.lang ?? (locale === "zh" ? "zh" : "en"));

  const toggle = (tag: string) => setPicked((cur) => (cur.includes(tag) ? cur.filter((x) => x !== tag) : cur.length < MAX_QUEUE_TAGS ? [...cur, tag] : cur));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onJoin({ role: roles.includes(role) ? role : "CANDIDATE", tags: picked, level, lang, orgId });
  };

  return (
    <form onSubmit={submit} className="space-y-5">
      {orgs.length > 1 ? (
        <OrgSelect label={t("org")} orgs={orgs} labelClassName="block text-sm" className={selectClass} value={orgId} onChange={(e) => setOrgId(e.target.value)} />
      ) : null}
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("role")}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {roles.map((r) => (
            <label key={r} className={`cursor-pointer rounded-lg border p-3 text-sm ${role === r ? "border-indigo-500 bg-indigo-50" : "border-slate-200"}`}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} className="mr-2" />
              <span className="font-medium">{t(`roles.${r}`)}</span>
              <span className="mt-1 block text-slate-600">{t(`roleHints.${r}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t("tags")}</legend>
        <p className="mb-2 text-xs text-slate-500">{t("tagsHint", { max: MAX_QUEUE_TAGS })}</p>
        <div className="flex flex-wrap gap-2">
          {tags.map((tag) => (
            <label key={tag} className={`cursor-pointer rounded-full border px-3 py-1 text-xs ${picked.includes(tag) ? "border-indigo-500 bg-indigo-600 text-white" : "border-slate-300 text-slate-700"}`}>
              <input type="checkbox" className="sr-only" checked={picked.includes(tag)} onChange={() => toggle(tag)} />
              {tag}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-4">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("level")}</span>
          <select className={selectClass} value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {t(`levels.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">{t("lang")}</span>
          <select className={selectClass} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {t(`langs.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Button type="submit" disabled={busy || !orgId}>
        {busy ? t("joining") : t("join")}
      </Button>
    </form>
  );
}
