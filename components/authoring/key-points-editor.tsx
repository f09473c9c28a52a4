"use client";

import { useTranslations } from "next-intl";
import type { QuestionDraft } from "@/lib/questions/draft";
import { nextId } from "./draft-utils";
import { FieldError, ListInput, Section, SmallButton, TextArea, TextInput, type Problems } from "./editor-fields";

type Props = { draft: QuestionDraft; update: (fn: (d: QuestionDraft) => void) => void; problems: Problems };

export function KeyPointsEditor({ draft, update, problems }: Props) {
  const t = useTranslations("authoring");
  return (
    <Section
      title={t("keyPoints")}
      actions={
        <SmallButton onClick={() => update((d) => void d.keyPoints.push({ id: nextId("kp", d.keyPoints.map((k) => k.id)), statement: "", weight: 1, aliases: [], misconceptions: [] }))}>
          {t("addKeyPoint")}
        </SmallButton>
      }
    >
      <FieldError problems={problems} path="keyPoints" />
      {draft.keyPoints.map((kp, i) => (
        <div key={i} className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid={`key-point-${i}`}>
          <div className="grid grid-cols-[minmax(0,1fr)_6rem_auto] items-start gap-2">
            <TextInput label={t("id")} value={kp.id} problems={problems} path={`keyPoints.${i}.id`} onChange={(v) => update((d) => void (d.keyPoints[i]!.id = v))} />
            <TextInput label={t("weight")} type="number" value={kp.weight} problems={problems} path={`keyPoints.${i}.weight`} onChange={(v) => update((d) => void (d.keyPoints[i]!.weight = Number(v)))} />
            <div className="pt-5">
              <SmallButton tone="danger" onClick={() => update((d) => void d.keyPoints.splice(i, 1))}>
                {t("remove")}
              </SmallButton>
            </div>
          </div>
          <TextArea label={t("statement")} rows={2} value={kp.statement} problems={problems} path={`keyPoints.${i}.statement`} onChange={(v) => update((d) => void (d.keyPoints[i]!.statement = v))} />
          <ListInput label={t("aliasesHelp")} value={kp.aliases} problems={problems} path={`keyPoints.${i}.aliases`} onChange={(v) => update((d) => void (d.keyPoints[i]!.aliases = v))} />
          <div className="space-y-2 pl-3">
            {kp.misconceptions.map((m, j) => (
              <div key={j} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-2">
                <TextInput label={t("misconception")} value={m.statement} problems={problems} path={`keyPoints.${i}.misconceptions.${j}.statement`} onChange={(v) => update((d) => void (d.keyPoints[i]!.misconceptions[j]!.statement = v))} />
                <ListInput label={t("cues")} rows={1} value={m.cues} problems={problems} path={`keyPoints.${i}.misconceptions.${j}.cues`} onChange={(v) => update((d) => void (d.keyPoints[i]!.misconceptions[j]!.cues = v))} />
                <div className="pt-5">
                  <SmallButton tone="danger" onClick={() => update((d) => void d.keyPoints[i]!.misconceptions.splice(j, 1))}>
                    {t("remove")}
                  </SmallButton>
                </div>
              </div>
            ))}
            <SmallButton onClick={() => update((d) => void d.keyPoints[i]!.misconceptions.push({ statement: "", cues: [] }))}>{t("addMisconception")}</SmallButton>
          </div>
        </div>
      ))}
    </Section>
  );
}
