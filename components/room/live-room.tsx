"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { Markdown } from "@/components/markdown";
import { CopyButton } from "@/components/sessions/copy-button";
import { Alert, Button, Card } from "@/components/ui";
import type { Participant, RoomState } from "@/lib/realtime/contract";
import { CandidatePanel } from "./candidate-panel";
import { ChatPanel } from "./chat-panel";
import { StaffPanel } from "./staff-panel";
import { Countdown } from "./timer";
import { useLiveRoom, type LiveRoom as Live } from "./use-live-room";

const dot: Record<Participant["status"], string> = { online: "bg-emerald-500", away: "bg-amber-400", reconnecting: "bg-orange-500 animate-pulse", offline: "bg-slate-300" };

export function LiveRoom({ sessionId }: { sessionId: string }) {
  const t = useTranslations("room");
  const live = useLiveRoom(sessionId);
  const { room, connection, error } = live;
  if (!room) {
    return error ? <Alert>{error}</Alert> : <p className="text-sm text-slate-600">{t("connecting")}</p>;
  }
  const staff = room.you.role !== "CANDIDATE";
  return (
    <div className="space-y-4" data-testid="live-room" data-role={room.you.role} data-status={room.status}>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{room.title}</h1>
          <p className="text-sm text-slate-600">
            {t(`roles.${room.you.role}`)} · {t(`status.${room.status as "ACTIVE"}`)}
            {room.peer ? ` · ${t("peer")}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          {room.startedAt && room.status === "ACTIVE" ? <Countdown start={room.startedAt} minutes={room.totalMinutes} now={live.now} label={t("overallTime")} /> : null}
          <span className={`rounded-full px-2 py-0.5 text-xs ${connection === "online" ? "bg-emerald-50 text-emerald-700" : "bg-orange-50 text-orange-700"}`} data-testid="connection">
            {t(`connection.${connection}`)}
          </span>
          <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm" aria-label={t("participants")}>
            {room.participants.map((p) => (
              <li key={p.userId} className="flex items-center gap-1" title={t(`presence.${p.status}`)} data-testid={`presence-${p.role}`} data-presence={p.status}>
                <span className={`inline-block h-2 w-2 rounded-full ${dot[p.status]}`} />
                {p.name} <span className="text-xs text-slate-500">({t(`roles.${p.role}`)})</span>
              </li>
            ))}
          </ul>
        </div>
      </header>
      {error ? <Alert>{error}</Alert> : null}
      {room.status === "LOBBY" || room.status === "SCHEDULED" ? <Lobby live={live} room={room} /> : null}
      {room.status === "ENDED" || room.status === "CANCELLED" ? <Ended room={room} /> : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_320px]">
        <div>{room.status === "ACTIVE" ? staff ? <StaffPanel live={live} room={room} /> : <CandidatePanel live={live} room={room} /> : null}</div>
        <ChatPanel live={live} room={room} />
      </div>
    </div>
  );
}

function Lobby({ live, room }: { live: Live; room: RoomState }) {
  const t = useTranslations("room");
  const [busy, setBusy] = useState(false);
  return (
    <Card className="space-y-3">
      <h2 className="font-semibold">{t("lobby.title")}</h2>
      <p className="text-sm text-slate-600" data-testid="lobby-hint">
        {room.peer ? t(room.you.role === "INTERVIEWER" ? "lobby.peerAsksFirst" : "lobby.peerAnswersFirst") : room.you.role === "INTERVIEWER" ? t("lobby.interviewerHint") : t("lobby.waiting")}
      </p>
      {/* Peers were paired by the queue: both seats are taken, so there is nobody to invite. */}
      {room.staff && !room.peer ? <InviteInfo room={room} /> : null}
      {room.you.role === "INTERVIEWER" ? (
        <Button
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await live.call("session:start", {});
            setBusy(false);
          }}
        >
          {t("lobby.start")}
        </Button>
      ) : null}
    </Card>
  );
}

export function InviteInfo({ room }: { room: RoomState }) {
  const t = useTranslations("room");
  const ti = useTranslations("interviews");
  if (!room.staff) return null;
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const invite = `${origin}/join/${room.staff.inviteToken}`;
  const rows = [
    { label: t("invite.code"), value: room.staff.roomCode, testId: "room-code", className: "font-mono text-base tracking-widest" },
    { label: t("invite.link"), value: invite, testId: "invite-link", className: "break-all font-mono text-xs" },
    { label: t("invite.observer"), value: `${invite}?as=observer`, testId: "observer-link", className: "break-all font-mono text-xs" },
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1 text-sm">
      {rows.map((r) => (
        <Fragment key={r.testId}>
          <dt className="text-slate-500">{r.label}</dt>
          <dd className="flex items-center gap-2">
            <span className={r.className} data-testid={r.testId}>
              {r.value}
            </span>
            <CopyButton text={r.value} label={ti("copyWhat", { what: r.label })} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Ended({ room }: { room: RoomState }) {
  const t = useTranslations("room");
  return (
    <Card className="space-y-3" data-testid="session-ended">
      <h2 className="font-semibold">{t("ended.title")}</h2>
      {room.you.role !== "CANDIDATE" ? (
        <Link href={`/interviews/${room.sessionId}/summary`} className="text-sm font-medium text-indigo-700 underline">
          {t("ended.summary")}
        </Link>
      ) : room.feedback ? (
        <div>
          <h3 className="mb-1 text-sm font-medium">{t("ended.feedback")}</h3>
          <Markdown>{room.feedback}</Markdown>
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t("ended.noFeedback")}</p>
      )}
    </Card>
  );
}
