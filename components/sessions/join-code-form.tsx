"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert, Button } from "@/components/ui";
import { ROOM_CODE_LENGTH } from "@/lib/sessions/plan";
import { callApi } from "./api";

const KNOWN = new Set(["NOT_FOUND", "CONFLICT", "FORBIDDEN", "VALIDATION_FAILED"]);

/** Joins a session by its 6-character room code (any case, spaces and dashes ignored), then opens the room. */
export function JoinCodeForm({ canObserve }: { canObserve: boolean }) {
  const t = useTranslations("join");
  const router = useRouter();
  const [code, setCode] = useState("");
  const [observer, setObserver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const clean = code.toUpperCase().replace(/[\s-]/g, "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (clean.length !== ROOM_CODE_LENGTH) {
      setError({ title: t("codeLength", { length: ROOM_CODE_LENGTH }), detail: "" });
      return;
    }
    setBusy(true);
    const r = await callApi<{ sessionId: string }>("/api/v1/sessions/join", { json: { roomCode: clean, as: observer ? "observer" : "candidate" } });
    if (r.ok) {
      router.push(`/room/${r.data.sessionId}`);
      return;
    }
    setBusy(false);
    setError({ title: KNOWN.has(r.error.code) ? t(`errors.${r.error.code as "NOT_FOUND"}`) : t("errors.other"), detail: r.error.message });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
      {error ? (
        <Alert>
          <p className="font-medium" data-testid="join-error">
            {error.title}
          </p>
          {error.detail ? <p className="mt-1">{error.detail}</p> : null}
        </Alert>
      ) : null}
      <div className="space-y-1">
        <label htmlFor="room-code" className="block text-sm font-medium text-slate-700">
          {t("code")}
        </label>
        <input
          id="room-code"
          name="roomCode"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={ROOM_CODE_LENGTH + 4}
          placeholder="ABC234"
          className="w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-2xl tracking-[0.3em] uppercase focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none"
        />
        <p className="text-xs text-slate-500">{t("codeHelp", { length: ROOM_CODE_LENGTH })}</p>
      </div>
      {canObserve ? (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={observer} onChange={(e) => setObserver(e.target.checked)} />
          {t("asObserver")}
        </label>
      ) : null}
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? t("joining") : t("join")}
      </Button>
    </form>
  );
}
