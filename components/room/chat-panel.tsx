"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, Card } from "@/components/ui";
import type { ChatMessage, RoomState } from "@/lib/realtime/contract";
import type { LiveRoom } from "./use-live-room";

export function ChatPanel({ live, room }: { live: LiveRoom; room: RoomState }) {
  const t = useTranslations("room.chat");
  const [body, setBody] = useState("");
  const send = async () => {
    const text = body.trim();
    if (!text) return;
    setBody("");
    await live.call<ChatMessage>("chat:send", { clientId: live.newClientId(), body: text });
  };
  return (
    <Card className="flex h-full max-h-[70vh] flex-col gap-2 p-4">
      <h2 className="text-sm font-semibold">{t("title")}</h2>
      <ol className="flex-1 space-y-2 overflow-y-auto text-sm" data-testid="chat-log">
        {room.chat.map((m) => (
          <li key={m.id}>
            <span className="font-medium">{m.authorName}</span> <span className="text-xs text-slate-500">{new Date(m.createdAt).toLocaleTimeString()}</span>
            <p className="whitespace-pre-wrap">{m.body}</p>
          </li>
        ))}
      </ol>
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
          <input value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} placeholder={t("placeholder")} aria-label={t("placeholder")} className="flex-1 rounded-lg border border-slate-300 px-2 py-1 text-sm" />
          <Button type="submit" variant="secondary" className="px-3 py-1">
            {t("send")}
          </Button>
        </form>
      )}
    </Card>
  );
}
