"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { QueueJoinInput } from "@/lib/realtime/pairing-contract";
import { Alert, Card } from "@/components/ui";
import { QueueForm, type QueueOrg } from "./queue-form";
import { QueueWaiting } from "./queue-waiting";
import { usePairingQueue } from "./use-pairing-queue";

/** The pairing queue page's body: the form, then the waiting view, then off to the room. */
export function QueuePanel({ orgs, tags }: { orgs: QueueOrg[]; tags: string[] }) {
  const t = useTranslations("queue");
  const { state, notice, online, join, leave } = usePairingQueue();
  // The form comes back with the last wishes after leaving the queue.
  const [lastWish, setLastWish] = useState<QueueJoinInput | undefined>(undefined);
  return (
    <Card className="max-w-3xl space-y-4">
      {notice ? <Alert tone={notice.kind === "error" ? "error" : "info"}>{notice.kind === "error" ? notice.message : t(notice.kind)}</Alert> : null}
      {state.phase === "waiting" ? (
        <QueueWaiting key={state.receivedAt} status={state.status} receivedAt={state.receivedAt} online={online} onLeave={() => void leave()} />
      ) : state.phase === "matched" ? (
        <Alert tone="success">{t("matched")}</Alert>
      ) : (
        <QueueForm
          orgs={orgs}
          tags={tags}
          initial={lastWish}
          busy={state.phase === "joining" || !online}
          onJoin={(wish) => {
            setLastWish(wish);
            void join(wish);
          }}
        />
      )}
    </Card>
  );
}
