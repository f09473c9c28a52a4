"use client";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { Markdown } from "@/components/markdown";
import { EngineCautions, EngineWrongLines } from "@/components/sessions/engine-wrong-lines";
import { Button, Card } from "@/components/ui";
import { isFollowUpSource, type Proposal, type RoomState, type StaffTurn, type TurnView } from "@/lib/realtime/contract";
import { matchKeyPoints, statusEvidence } from "@/lib/scoring/match-key-points";
import { Countdown } from "./timer";
import type { LiveRoom } from "./use-live-room";
import { EvidenceQuotes } from "@/components/sessions/evidence-quotes";
import { proposalWhy } from "@/components/sessions/proposal-why";

const statusStyle: Record<string, string> = {
  covered: "bg-emerald-100 text-emerald-800",
  partly: "bg-amber-100 text-amber-800",
  missing: "bg-slate-100 text-slate-600",
  contradicted: "bg-red-100 text-red-800",
};

/** The interviewer's (and, read-only, an observer's) side of the room: plan, live answer, AI assist, notes, rubric. */
export function StaffPanel({ live, room }: { live: LiveRoom; room: RoomState }) {
  const t = useTranslations("room");
  const staff = room.staff;
  const canAct = room.you.role === "INTERVIEWER";
  const current = room.turns.findLast((x) => !x.closedAt) ?? room.turns.at(-1);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const turn = room.turns.find((x) => x.id === selected) ?? current;
  if (!staff) return null;
  const askedTitles = new Set(room.turns.filter((x) => !x.parentTurnId).map((x) => x.title));
  return (
    <div className="space-y-4">
      <Card className="space-y-2 p-4">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">{t("staff.plan")}</h2>
          {canAct ? (
            <Button variant="danger" className="px-3 py-1" onClick={() => void live.call("session:end", {})}>
              {t("staff.end")}
            </Button>
          ) : null}
        </div>
        <ol className="space-y-1 text-sm" data-testid="plan">
          {staff.plan.map((p, i) => (
            <li key={i} className="flex items-center justify-between gap-2">
              <span>
                {i + 1}. {p.title} <span className="text-xs text-slate-500">({t("minutes", { n: p.minutes })})</span>
                {p.half === 1 ? <span className="ml-1 text-xs text-indigo-600">{t("staff.secondHalf")}</span> : null}
              </span>
              {canAct ? (
                <Button variant="secondary" className="shrink-0 px-2 py-0.5 text-xs whitespace-nowrap" disabled={askedTitles.has(p.title)} onClick={() => void live.call("question:push", { planIndex: i })} data-testid={`ask-${i}`}>
                  {askedTitles.has(p.title) ? t("staff.asked") : t("staff.ask")}
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      </Card>
      {room.turns.length > 1 ? (
        <nav className="flex flex-wrap gap-2 text-xs" aria-label={t("staff.turns")}>
          {room.turns.map((x) => (
            <button key={x.id} type="button" onClick={() => setSelected(x.id)} className={`rounded-full border px-2 py-0.5 ${x.id === turn?.id ? "border-indigo-500 text-indigo-700" : "border-slate-300"}`}>
              {x.parentTurnId ? t("followUp") : t("question", { n: x.index + 1 })}
            </button>
          ))}
        </nav>
      ) : null}
      {turn ? <TurnPanel key={turn.id} live={live} room={room} turn={turn} staffTurn={staff.turns.find((s) => s.turnId === turn.id)} canAct={canAct} /> : <Card>{t("staff.noQuestion")}</Card>}
      <NotesPanel live={live} room={room} turnId={turn?.id} />
    </div>
  );
}

function TurnPanel({ live, room, turn, staffTurn, canAct }: { live: LiveRoom; room: RoomState; turn: TurnView; staffTurn: StaffTurn | undefined; canAct: boolean }) {
  const t = useTranslations("room");
  const staff = room.staff!;
  const candidate = room.participants.find((p) => p.role === "CANDIDATE");
  const answer = room.answers.find((a) => a.turnId === turn.id);
  const draft = room.drafts.find((d) => d.turnId === turn.id && (!candidate || d.authorId === candidate.userId));
  const text = answer?.text ?? draft?.text ?? "";
  const score = answer ? staff.scores.find((s) => s.answerId === answer.id) : undefined;
  const proposals = staff.proposals.filter((p) => p.turnId === turn.id);
  const tc = useTranslations("common");
  const sourceName = (s: string | null) => (isFollowUpSource(s) ? tc(`followUpSources.${s}`) : (s ?? ""));
  const why = (p: Proposal) =>
    proposalWhy(p, (id) => staffTurn?.keyPoints.find((k) => k.id === id)?.statement, {
      gap: (gap, point) => t(`staff.why.${gap}`, { point }),
      advance: (code) => t(`staff.advanceWhy.${code}`),
    });
  const [typing, setTyping] = useState(false);
  const typedAt = live.lastTyped?.turnId === turn.id ? live.lastTyped.at : 0;
  useEffect(() => {
    setTyping(Date.now() - typedAt < 3000);
    const h = setTimeout(() => setTyping(false), 3000);
    return () => clearTimeout(h);
  }, [typedAt]);
  // The checklist ticks in this browser as the candidate types: the server sends the text only.
  const live_ = useMemo(() => (staffTurn && text.trim() ? matchKeyPoints({ keyPoints: staffTurn.keyPoints, answer: text }) : null), [staffTurn, text]);
  // Each point's status and the words that gave it (for a contradicted point, the wrong claim); a missing point has none.
  const checked = new Map<string, { status: string; quotes: string[] }>(
    score
      ? score.keyPoints.map((k) => [k.id, { status: k.status, quotes: k.evidence }])
      : (live_?.keyPoints ?? []).map((k) => [k.id, { status: k.status, quotes: statusEvidence(k, text).map((e) => e.text) }]),
  );
  const [followUp, setFollowUp] = useState("");
  const [plain, setPlain] = useState(false);
  return (
    <Card className="space-y-4" data-testid="staff-turn">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs uppercase tracking-wide text-slate-500">{turn.parentTurnId ? t("followUp") : t("question", { n: turn.index + 1 })}</p>
          <Markdown>{turn.prompt}</Markdown>
        </div>
        {!turn.closedAt ? <Countdown start={turn.askedAt} minutes={turn.minutes} now={live.now} label={t("questionTime")} /> : null}
      </div>
      {turn.hintCount ? (
        <div className="flex items-center gap-3 text-sm">
          <span>{t("staff.hints", { shown: turn.hints.length, total: turn.hintCount })}</span>
          {canAct && turn.hints.length < turn.hintCount && !turn.closedAt ? (
            <Button variant="secondary" className="shrink-0 px-2 py-0.5 text-xs whitespace-nowrap" onClick={() => void live.call("hint:reveal", { turnId: turn.id })}>
              {t("staff.revealHint")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {staffTurn ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">{t("staff.reference")}</summary>
          <div className="mt-2 rounded-lg bg-slate-50 p-3">
            <Markdown>{staffTurn.referenceAnswer}</Markdown>
          </div>
        </details>
      ) : null}
      <section>
        <h3 className="mb-1 flex items-center gap-2 text-sm font-semibold">
          {answer ? t("staff.submittedAnswer") : t("staff.liveAnswer")}
          {!answer && typing ? <span className="text-xs font-normal text-indigo-600" data-testid="typing">{t("staff.typing")}</span> : null}
          {answer ? (
            <button type="button" className="ml-auto text-xs font-normal text-indigo-700 underline" aria-pressed={plain} onClick={() => setPlain((v) => !v)}>
              {t("staff.plainText")}
            </button>
          ) : null}
        </h3>
        {/* Typed text stays plain while it changes (a half-typed code fence would re-flow the whole answer); the submitted one reads as the candidate wrote it. */}
        {answer && !plain ? (
          <div className="min-h-24 rounded-lg border border-slate-200 p-3" data-testid="live-answer" data-format="markdown">
            <Markdown>{text}</Markdown>
          </div>
        ) : (
          <div className="min-h-24 whitespace-pre-wrap break-words rounded-lg border border-slate-200 p-3 font-mono text-sm" data-testid="live-answer" data-format="plain">
            {text || <span className="text-slate-400">{t("staff.nothingYet")}</span>}
          </div>
        )}
      </section>
      {staffTurn ? (
        <section aria-label={t("staff.ai")} className="space-y-3 rounded-lg border border-indigo-100 bg-indigo-50/40 p-3" data-testid="ai-panel">
          <h3 className="text-sm font-semibold text-indigo-900">{t("staff.ai")}</h3>
          <ul className="space-y-1 text-sm" data-testid="key-points">
            {staffTurn.keyPoints.map((k) => {
              const st = checked.get(k.id)?.status ?? "missing";
              const quotes = checked.get(k.id)?.quotes ?? [];
              return (
                <li key={k.id} className="flex items-start gap-2" data-status={st}>
                  <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${statusStyle[st]}`}>{t(`kp.${st as "covered"}`)}</span>
                  <span className="min-w-0">
                    {k.statement}
                    <EvidenceQuotes quotes={quotes} label={(quoted) => t("staff.evidence", { quotes: quoted })} />
                  </span>
                </li>
              );
            })}
          </ul>
          {answer && !score ? <p className="text-sm text-slate-600" role="status">{t(`scoring.${answer.scoring}`)}</p> : null}
          {score ? (
            <div className="space-y-1 text-sm" data-testid="engine-score">
              <p className="font-medium">
                {t("staff.engineScore", { score: score.overall5.toFixed(1) })}
                {score.confidence !== null ? <span className="ml-2 text-xs text-slate-500">{t("staff.confidence", { c: Math.round(score.confidence * 100) })}</span> : null}
              </p>
              <ul className="text-xs text-slate-700">
                {score.criteria.map((c) => (
                  <li key={c.criterionId}>
                    {staffTurn.rubric.find((r) => r.id === c.criterionId)?.name ?? c.criterionId}: {c.level} {c.label ? `(${c.label})` : ""}
                  </li>
                ))}
              </ul>
              <EngineWrongLines lines={score.feedback?.wrong} className="space-y-0.5 text-xs" />
              <EngineCautions lines={score.feedback?.cautions} className="space-y-0.5 text-xs" />
            </div>
          ) : null}
          {proposals.length ? (
            <ul className="space-y-2" data-testid="proposals">
              {proposals.map((p) => (
                <li key={p.eventId} className="rounded-lg bg-white p-2 text-sm">
                  {p.action === "follow-up" && p.prompt ? (
                    <div className="flex items-start justify-between gap-2">
                      <div>
                        <p>{p.prompt}</p>
                        <p className="text-xs text-slate-500" title={p.reason} data-testid="proposal-why">
                          {t("staff.source", { source: sourceName(p.source) })} · {why(p)}
                        </p>
                      </div>
                      {canAct ? (
                        <Button className="shrink-0 px-2 py-1 text-xs whitespace-nowrap" onClick={() => void live.call("question:push", { followUp: { parentTurnId: turn.id, prompt: p.prompt, proposalEventId: p.eventId } })}>
                          {t("staff.askThis")}
                        </Button>
                      ) : null}
                    </div>
                  ) : (
                    <p className="text-xs text-slate-600" title={p.reason} data-testid="proposal-why">
                      {t("staff.advance")}: {why(p)}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {canAct ? (
        <form
          className="flex gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!followUp.trim()) return;
            const r = await live.call("question:push", { followUp: { parentTurnId: turn.id, prompt: followUp.trim() } });
            if (r) setFollowUp("");
          }}
        >
          <input value={followUp} onChange={(e) => setFollowUp(e.target.value)} maxLength={1000} placeholder={t("staff.ownFollowUp")} aria-label={t("staff.ownFollowUp")} className="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1 text-sm" />
          <Button type="submit" variant="secondary" className="shrink-0 px-3 py-1 text-sm whitespace-nowrap">
            {t("staff.askThis")}
          </Button>
        </form>
      ) : null}
      {answer && staffTurn && canAct ? <RubricForm live={live} room={room} answerId={answer.id} staffTurn={staffTurn} /> : null}
    </Card>
  );
}

function RubricForm({ live, room, answerId, staffTurn }: { live: LiveRoom; room: RoomState; answerId: string; staffTurn: StaffTurn }) {
  const t = useTranslations("room");
  const mine = room.staff?.humanScores.find((s) => s.answerId === answerId && s.raterId === room.you.userId);
  const [levels, setLevels] = useState<Record<string, number>>(() => Object.fromEntries((mine?.criteria ?? []).map((c) => [c.criterionId, c.level])));
  const [comment, setComment] = useState(mine?.comment ?? "");
  const complete = staffTurn.rubric.every((c) => levels[c.id] !== undefined);
  return (
    <form
      className="space-y-2 rounded-lg border border-slate-200 p-3"
      data-testid="rubric-form"
      onSubmit={(e) => {
        e.preventDefault();
        void live.call("rubric:score", { answerId, criteria: staffTurn.rubric.map((c) => ({ criterionId: c.id, level: levels[c.id] })), ...(comment.trim() ? { comment: comment.trim() } : {}) });
      }}
    >
      <h3 className="text-sm font-semibold">{t("staff.rubric")}</h3>
      {staffTurn.rubric.map((c) => (
        <fieldset key={c.id} className="text-sm">
          <legend className="font-medium">{c.name}</legend>
          <div className="flex flex-wrap gap-2">
            {c.levels.map((l) => (
              <label key={l.score} className="flex items-center gap-1" title={l.description}>
                <input type="radio" name={`level-${c.id}`} checked={levels[c.id] === l.score} onChange={() => setLevels((v) => ({ ...v, [c.id]: l.score }))} />
                {l.score} {l.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} placeholder={t("staff.comment")} aria-label={t("staff.comment")} className="w-full rounded-lg border border-slate-300 p-2 text-sm" />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={!complete} className="shrink-0 px-3 py-1 text-sm whitespace-nowrap">
          {t("staff.saveScore")}
        </Button>
        {mine ? <span className="text-xs text-emerald-700">{t("staff.scored", { score: mine.overall5.toFixed(2) })}</span> : null}
      </div>
    </form>
  );
}

function NotesPanel({ live, room, turnId }: { live: LiveRoom; room: RoomState; turnId: string | undefined }) {
  const t = useTranslations("room");
  const [body, setBody] = useState("");
  const notes = room.staff?.notes ?? [];
  return (
    <Card className="space-y-2 p-4">
      <h2 className="text-sm font-semibold">{t("staff.notes")}</h2>
      <p className="text-xs text-slate-500">{t("staff.notesPrivate")}</p>
      <ol className="space-y-1 text-sm" data-testid="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <span className="text-xs text-slate-500">{new Date(n.createdAt).toLocaleTimeString()} · {n.authorName}</span>
            <p className="whitespace-pre-wrap">{n.body}</p>
          </li>
        ))}
      </ol>
      <form
        className="flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!body.trim()) return;
          const r = await live.call("note:add", { clientId: live.newClientId(), body: body.trim(), ...(turnId ? { turnId } : {}) });
          if (r) setBody("");
        }}
      >
        <input value={body} onChange={(e) => setBody(e.target.value)} maxLength={4000} placeholder={t("staff.notePlaceholder")} aria-label={t("staff.notePlaceholder")} className="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1 text-sm" />
        <Button type="submit" variant="secondary" className="shrink-0 px-3 py-1 text-sm whitespace-nowrap">
          {t("staff.addNote")}
        </Button>
      </form>
    </Card>
  );
}
