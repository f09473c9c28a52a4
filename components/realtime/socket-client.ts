"use client";
import { io, type Socket } from "socket.io-client";
import type { Ack, ErrorBody } from "@/lib/errors";
import { PROTOCOL_VERSION } from "@/lib/realtime/contract";

export type ClientSocket = Socket;

/**
 * The browser's one connection to the realtime server, on the page's own origin: the Auth.js
 * session cookie authenticates it. WebSocket only (no long-polling upgrade dance); socket.io's
 * reconnection with backoff is left on, and callers re-join their rooms on every "connect".
 */
export function connectRealtime(): ClientSocket {
  return io({ path: "/socket.io", auth: { protocol: PROTOCOL_VERSION }, transports: ["websocket"], withCredentials: true, reconnectionDelayMax: 4000 });
}

export class RealtimeError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = "RealtimeError";
  }
}

/** Emits with an ack and resolves with its data; rejects with the server's error body or on timeout. */
export function request<T>(socket: ClientSocket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: Ack<T>) => {
      if (err) return reject(new RealtimeError({ code: "UNAVAILABLE", message: "The server did not answer in time." }));
      if (res.ok) resolve(res.data);
      else reject(new RealtimeError(res.error));
    });
  });
}

/** A client-generated id for resend-safe writes (answers, chat). */
export function clientId(): string {
  return crypto.randomUUID().replace(/-/g, "");
}
