"use client";

import { useTranslations } from "next-intl";
import type { QuestionDraft } from "@/lib/questions/draft";
import { nextId } from "./draft-utils";
import { FieldError, Section, SmallButton, TextInput, type Problems } from "./editor-fields";

type Props = { draft: QuestionDraft; update: (fn: (d: QuestionDraft) => void) => void; problems: Problems };

export function RubricEditor({ draft, update, problems }: Props) {
  const t = useTranslations("authoring");
  const level = (score: number) => ({ score, label: "", description: "" });
  return (
    <Section
      title={t("rubric")}
      actions={
        <SmallButton onClick={() => update((d) => void d.rubric.push({ id: nextId("criterion", d.rubric.map((c) => c.id)), name: "", weight: 0.2, levels: [level(0), level(2), level(4), level(5)] }))}>
          {t("addCriterion")}
        </SmallButton>
      }
    >
      <FieldError problems={problems} path="rubric" />
      {draft.rubric.map((c, i) => (
        <div key={i} className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid={`criterion-${i}`}>
          <div className="grid grid-cols-2 items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_6rem_auto]">
            <TextInput label={t("id")} value={c.id} problems={problems} path={`rubric.${i}.id`} onChange={(v) => update((d) => void (d.rubric[i]!.id = v))} />
            <TextInput label={t("criterionName")} value={c.name} problems={problems} path={`rubric.${i}.name`} onChange={(v) => update((d) => void (d.rubric[i]!.name = v))} />
            <TextInput label={t("weight")} type="number" value={c.weight} problems={problems} path={`rubric.${i}.weight`} onChange={(v) => update((d) => void (d.rubric[i]!.weight = Number(v)))} />
            <div className="pt-5">
              <SmallButton tone="danger" onClick={() => update((d) => void d.rubric.splice(i, 1))}>
                {t("remove")}
              </SmallButton>
            </div>
          </div>
          <TextInput label={t("description")} value={c.description ?? ""} problems={problems} path={`rubric.${i}.description`} onChange={(v) => update((d) => void (d.rubric[i]!.description = v))} />
          <p className="text-xs font-medium text-slate-600">{t("anchoredLevels")}</p>
          <FieldError problems={problems} path={`rubric.${i}.levels`} />
          {c.levels.map((l, j) => (
            // On a phone the description takes a row of its own under score, label and remove.
            <div key={j} className="grid grid-cols-[4.5rem_minmax(0,1fr)_auto] items-start gap-2 sm:grid-cols-[4.5rem_10rem_minmax(0,1fr)_auto]">
              <TextInput label={t("score")} type="number" value={l.score} problems={problems} path={`rubric.${i}.levels.${j}.score`} onChange={(v) => update((d) => void (d.rubric[i]!.levels[j]!.score = Math.round(Number(v))))} />
              <TextInput label={t("levelLabel")} value={l.label} problems={problems} path={`rubric.${i}.levels.${j}.label`} onChange={(v) => update((d) => void (d.rubric[i]!.levels[j]!.label = v))} />
              <TextInput className="order-last col-span-full sm:order-none sm:col-span-1" label={t("levelDescription")} value={l.description} problems={problems} path={`rubric.${i}.levels.${j}.description`} onChange={(v) => update((d) => void (d.rubric[i]!.levels[j]!.description = v))} />
              <div className="pt-5">
                <SmallButton tone="danger" onClick={() => update((d) => void d.rubric[i]!.levels.splice(j, 1))}>
                  {t("remove")}
                </SmallButton>
              </div>
            </div>
          ))}
          {c.levels.length < 6 ? <SmallButton onClick={() => update((d) => void d.rubric[i]!.levels.push(level(Math.min(5, (c.levels.at(-1)?.score ?? -1) + 1))))}>{t("addLevel")}</SmallButton> : null}
        </div>
      ))}
    </Section>
  );
}
