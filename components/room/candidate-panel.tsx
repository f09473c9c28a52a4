"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Markdown } from "@/components/markdown";
import { Button, Card } from "@/components/ui";
import { MAX_ANSWER_CHARS, type RoomState, type TurnView } from "@/lib/realtime/contract";
import { Countdown } from "./timer";
import type { LiveRoom } from "./use-live-room";

/** What the candidate sees: the question, revealed hints, the answer editor, and that scoring runs (never the score). */
export function CandidatePanel({ live, room }: { live: LiveRoom; room: RoomState }) {
  const t = useTranslations("room");
  const current = room.turns.findLast((x) => !x.closedAt);
  const past = room.turns.filter((x) => x !== current);
  return (
    <div className="space-y-4">
      {live.superseded ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" role="status" data-testid="superseded">
          <p>{t("candidate.superseded")}</p>
          <Button variant="secondary" onClick={live.takeOver}>
            {t("candidate.useHere")}
          </Button>
        </div>
      ) : null}
      {current ? <QuestionCard turn={current} live={live} room={room} /> : <Card>{t("candidate.waiting")}</Card>}
      {past.length ? (
        <details className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
          <summary className="cursor-pointer font-medium">{t("candidate.previous", { count: past.length })}</summary>
          <ol className="mt-2 space-y-3">
            {past.map((turn) => (
              <li key={turn.id}>
                <Markdown>{turn.prompt}</Markdown>
                <PastAnswer text={room.answers.find((a) => a.turnId === turn.id)?.text} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}

/** An earlier answer as the candidate wrote it (Markdown, code blocks), or a line saying there was none. */
function PastAnswer({ text }: { text: string | undefined }) {
  const t = useTranslations("room");
  if (text === undefined) return <p className="text-slate-600">{t("candidate.notAnswered")}</p>;
  return (
    <div className="mt-1 rounded-lg border border-slate-200 bg-slate-50 p-2 text-slate-700" data-testid="past-answer">
      <Markdown>{text}</Markdown>
    </div>
  );
}

function QuestionCard({ turn, live, room }: { turn: TurnView; live: LiveRoom; room: RoomState }) {
  const t = useTranslations("room");
  const [preview, setPreview] = useState(false);
  const [sending, setSending] = useState(false);
  const answer = room.answers.find((a) => a.turnId === turn.id && a.authorId === room.you.userId);
  const text = live.myDrafts[turn.id]?.text ?? "";
  // Submitted while offline: kept on this device and sent when the connection is back; no second copy.
  const queued = live.hasPending(turn.id);
  return (
    <Card className="space-y-4" data-testid="candidate-question">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs uppercase tracking-wide text-slate-500">{turn.parentTurnId ? t("followUp") : t("question", { n: turn.index + 1 })}</p>
          <div className="prose prose-sm max-w-none" data-testid="question-prompt">
            <Markdown>{turn.prompt}</Markdown>
          </div>
        </div>
        <Countdown start={turn.askedAt} minutes={turn.minutes} now={live.now} label={t("questionTime")} />
      </div>
      {turn.hints.length ? (
        <ol className="space-y-1 rounded-lg bg-amber-50 p-3 text-sm text-amber-900" data-testid="hints">
          {turn.hints.map((h, i) => (
            <li key={i}>
              <span className="font-medium">{t("hint", { n: i + 1 })}:</span> {h}
            </li>
          ))}
        </ol>
      ) : null}
      {answer ? (
        <div className="space-y-2" data-testid="submitted-answer">
          <p className="text-sm font-medium text-emerald-700">{t("candidate.submitted")}</p>
          <div className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm">
            <Markdown>{answer.text}</Markdown>
          </div>
          <p className="text-sm text-slate-600" data-testid="scoring-state" role="status">
            {t(`scoring.${answer.scoring}`)}
          </p>
        </div>
      ) : (
        <div className="space-y-2">
          <div className="flex gap-2 text-sm">
            <button type="button" className={!preview ? "font-semibold" : "text-slate-500"} onClick={() => setPreview(false)}>
              {t("candidate.write")}
            </button>
            <button type="button" className={preview ? "font-semibold" : "text-slate-500"} onClick={() => setPreview(true)}>
              {t("candidate.preview")}
            </button>
          </div>
          {preview ? (
            <div className="min-h-48 rounded-lg border border-slate-200 p-3 text-sm">
              <Markdown>{text || t("candidate.empty")}</Markdown>
            </div>
          ) : (
            <textarea
              data-testid="answer-editor"
              aria-label={t("candidate.answer")}
              value={text}
              maxLength={MAX_ANSWER_CHARS}
              onChange={(e) => live.typeDraft(turn.id, e.target.value)}
              readOnly={live.superseded || queued}
              placeholder={t("candidate.placeholder")}
              className="min-h-48 w-full rounded-lg border border-slate-300 p-3 font-mono text-sm focus:border-indigo-500 focus:outline-none"
            />
          )}
          {queued ? (
            <p className="text-sm text-amber-800" role="status" data-testid="answer-queued">
              {t("candidate.queued")}
            </p>
          ) : null}
          <div className="flex items-center justify-between">
            <span className="text-xs text-slate-500">
              {text.length} / {MAX_ANSWER_CHARS} · {t("candidate.autosaved")}
            </span>
            <Button
              disabled={!text.trim() || sending || live.superseded || queued}
              onClick={async () => {
                setSending(true);
                await live.submitAnswer(turn.id, text);
                setSending(false);
              }}
            >
              {queued ? t("candidate.waitingToSend") : t("candidate.submit")}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
