"use client";

import { useTranslations } from "next-intl";
import type { DraftFollowUp, QuestionDraft } from "@/lib/questions/draft";
import { FieldError, Section, SmallButton, TextInput, type Problems } from "./editor-fields";

type Update = (fn: (d: QuestionDraft) => void) => void;

function allIds(list: DraftFollowUp[]): string[] {
  return list.flatMap((f) => [f.id, ...allIds(f.followUps ?? [])]);
}

/** Walks a path of indices (e.g. [0, 2]) to the follow-up list that holds the node. */
function listAt(d: QuestionDraft, path: number[]): DraftFollowUp[] {
  let list = d.followUps;
  for (const i of path) {
    const node = list[i]!;
    node.followUps ??= [];
    list = node.followUps;
  }
  return list;
}

function Node({ f, path, draft, update, problems }: { f: DraftFollowUp; path: number[]; draft: QuestionDraft; update: Update; problems: Problems }) {
  const t = useTranslations("authoring");
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1]!;
  const base = path.map((p) => `followUps.${p}`).join(".");
  const set = (fn: (node: DraftFollowUp) => void) => update((d) => fn(listAt(d, parent)[idx]!));
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid={`follow-up-${path.join("-")}`}>
      <div className="grid grid-cols-2 items-start gap-2 sm:grid-cols-[8rem_minmax(0,1fr)_9rem_auto]">
        <TextInput label={t("id")} value={f.id} problems={problems} path={`${base}.id`} onChange={(v) => set((n) => void (n.id = v))} />
        <label className="text-xs font-medium text-slate-600">
          {t("triggerKeyPoint")}
          <select className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" value={f.keyPoint ?? ""} onChange={(e) => set((n) => void (n.keyPoint = e.target.value || undefined))}>
            <option value="">{t("anyKeyPoint")}</option>
            {draft.keyPoints.map((k) => (
              <option key={k.id} value={k.id}>
                {k.id}
              </option>
            ))}
          </select>
          <FieldError problems={problems} path={`${base}.keyPoint`} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          {t("when")}
          <select className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" value={f.when} onChange={(e) => set((n) => void (n.when = e.target.value as DraftFollowUp["when"]))}>
            {(["missing", "weak", "contradicted", "any"] as const).map((w) => (
              <option key={w} value={w}>
                {t(`whenOptions.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="pt-5">
          <SmallButton tone="danger" onClick={() => update((d) => void listAt(d, parent).splice(idx, 1))}>
            {t("remove")}
          </SmallButton>
        </div>
      </div>
      <TextInput label={t("followUpPrompt")} value={f.prompt} problems={problems} path={`${base}.prompt`} onChange={(v) => set((n) => void (n.prompt = v))} />
      <div className="space-y-2 border-l-2 border-indigo-100 pl-3">
        {(f.followUps ?? []).map((child, j) => (
          <Node key={j} f={child} path={[...path, j]} draft={draft} update={update} problems={problems} />
        ))}
        {(f.followUps?.length ?? 0) < 5 ? (
          <SmallButton onClick={() => update((d) => void listAt(d, path).push({ id: freshId(d), when: "weak", prompt: "", keyPoint: f.keyPoint }))}>{t("addNestedFollowUp")}</SmallButton>
        ) : null}
      </div>
    </div>
  );
}

function freshId(d: QuestionDraft): string {
  const taken = allIds(d.followUps);
  for (let i = taken.length + 1; ; i++) if (!taken.includes(`fu-${i}`)) return `fu-${i}`;
}

export function FollowUpEditor({ draft, update, problems }: { draft: QuestionDraft; update: Update; problems: Problems }) {
  const t = useTranslations("authoring");
  return (
    <Section title={t("followUps")} actions={<SmallButton onClick={() => update((d) => void d.followUps.push({ id: freshId(d), when: "missing", prompt: "", keyPoint: d.keyPoints[0]?.id }))}>{t("addFollowUp")}</SmallButton>}>
      <FieldError problems={problems} path="followUps" />
      {draft.followUps.map((f, i) => (
        <Node key={i} f={f} path={[i]} draft={draft} update={update} problems={problems} />
      ))}
    </Section>
  );
}
