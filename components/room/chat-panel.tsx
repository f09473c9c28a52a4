"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button, Card } from "@/components/ui";
import type { RoomState } from "@/lib/realtime/contract";
import type { LiveRoom } from "./use-live-room";

export function ChatPanel({ live, room }: { live: LiveRoom; room: RoomState }) {
  const t = useTranslations("room.chat");
  const [body, setBody] = useState("");
  // The log follows new messages while the reader is at its end; scrolled up to read, it stays put.
  const logRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const el = logRef.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [room.chat.length]);
  // An unanswered send keeps its client id: the socket may still deliver it after a reconnect, and
  // sending the same text again then returns that message instead of storing a second one.
  const unanswered = useRef<{ text: string; id: string } | null>(null);
  const send = async () => {
    const text = body.trim();
    if (!text) return;
    setBody("");
    following.current = true;
    const id = unanswered.current?.text === text ? unanswered.current.id : live.newClientId();
    const sent = await live.sendChat(text, id);
    unanswered.current = sent ? null : { text, id };
    // Refused or not delivered: the text goes back in the box (the room shows why).
    if (!sent) setBody((now) => now || text);
  };
  return (
    <Card className="flex h-full max-h-[70vh] flex-col gap-2 p-4">
      <h2 className="text-sm font-semibold">{t("title")}</h2>
      <div
        ref={logRef}
        role="log"
        aria-label={t("title")}
        tabIndex={0}
        className="flex-1 overflow-y-auto"
        data-testid="chat-log"
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <ol className="space-y-2 text-sm">
          {room.chat.map((m) => (
            <li key={m.id}>
              <span className="font-medium">{m.authorName}</span> <span className="text-xs text-slate-500">{new Date(m.createdAt).toLocaleTimeString()}</span>
              <p className="whitespace-pre-wrap break-words">{m.body}</p>
            </li>
          ))}
        </ol>
      </div>
      {room.you.role === "OBSERVER" ? (
        <p className="text-xs text-slate-500" data-testid="chat-silent">
          {t("observerSilent")}
        </p>
      ) : (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <input value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} placeholder={t("placeholder")} aria-label={t("placeholder")} className="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1 text-sm" />
          <Button type="submit" variant="secondary" className="shrink-0 px-3 py-1 whitespace-nowrap">
            {t("send")}
          </Button>
        </form>
      )}
    </Card>
  );
}
