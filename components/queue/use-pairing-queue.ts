"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { connectRealtime, request, type ClientSocket } from "@/components/realtime/socket-client";
import type { QueueJoined, QueueJoinInput, QueueMatched, QueueRemoved, QueueStatus } from "@/lib/realtime/pairing-contract";

export type QueueState =
  | { phase: "idle" }
  | { phase: "joining" }
  | { phase: "waiting"; entryId: string; status: QueueStatus; receivedAt: number }
  | { phase: "matched"; sessionId: string };

export type QueueNotice = { kind: "replaced" | "left" } | { kind: "error"; message: string };

/**
 * The browser's side of the pairing queue: one socket for the page, join/leave, statuses, and
 * navigation to the room on a match. A dropped connection removes the entry on the server, so
 * the hook joins again with the same wishes when the socket reconnects.
 */
export function usePairingQueue() {
  const router = useRouter();
  const socketRef = useRef<ClientSocket | null>(null);
  const wishRef = useRef<QueueJoinInput | null>(null);
  const entryRef = useRef<string | null>(null);
  /** A match that overtook its join's ack (possible with two servers) waits here for it. */
  const earlyMatches = useRef(new Map<string, QueueMatched>());
  const [state, setState] = useState<QueueState>({ phase: "idle" });
  const [notice, setNotice] = useState<QueueNotice | null>(null);
  const [online, setOnline] = useState(false);

  const matched = useCallback(
    (m: QueueMatched) => {
      entryRef.current = null;
      wishRef.current = null;
      setState({ phase: "matched", sessionId: m.sessionId });
      router.push(`/room/${m.sessionId}`);
    },
    [router],
  );

  const join = useCallback(
    async (wish: QueueJoinInput) => {
      const socket = socketRef.current;
      if (!socket) return;
      wishRef.current = wish;
      setNotice(null);
      setState({ phase: "joining" });
      try {
        const joined = await request<QueueJoined>(socket, "queue:join", wish);
        if (wishRef.current !== wish) return; // left (or joined again) while this was in flight
        entryRef.current = joined.entryId;
        const early = earlyMatches.current.get(joined.entryId);
        earlyMatches.current.clear();
        if (early) return matched(early);
        setState({ phase: "waiting", entryId: joined.entryId, status: joined.status, receivedAt: Date.now() });
      } catch (err) {
        wishRef.current = null;
        setState({ phase: "idle" });
        setNotice({ kind: "error", message: err instanceof Error ? err.message : String(err) });
      }
    },
    [matched],
  );

  const leave = useCallback(async () => {
    const socket = socketRef.current;
    wishRef.current = null;
    entryRef.current = null;
    setState({ phase: "idle" });
    if (socket?.connected) await request(socket, "queue:leave", {}).catch(() => undefined);
  }, []);

  useEffect(() => {
    const socket = connectRealtime();
    socketRef.current = socket;
    const onStatus = (st: QueueStatus) => {
      if (st.entryId === entryRef.current) setState({ phase: "waiting", entryId: st.entryId, status: st, receivedAt: Date.now() });
    };
    const onMatched = (m: QueueMatched) => {
      if (m.entryId === entryRef.current) matched(m);
      else if (wishRef.current) earlyMatches.current.set(m.entryId, m);
    };
    const onRemoved = (r: QueueRemoved) => {
      if (r.entryId !== entryRef.current) return;
      entryRef.current = null;
      wishRef.current = null;
      setState({ phase: "idle" });
      setNotice({ kind: r.reason });
    };
    const onConnect = () => {
      setOnline(true);
      // The server removed the entry when the connection dropped: queue again with the same wishes.
      if (wishRef.current) void join(wishRef.current);
    };
    const onDisconnect = () => setOnline(false);
    socket.on("queue:status", onStatus);
    socket.on("queue:matched", onMatched);
    socket.on("queue:removed", onRemoved);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [join, matched]);

  return { state, notice, online, join, leave };
}
