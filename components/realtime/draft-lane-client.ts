"use client";
import { decodeServerLaneFrame, encodeLaneFrame, laneUrl, type LaneClientEvent, type LaneServerFrame, type LaneTicket } from "@/lib/realtime/lane";
import { request, type ClientSocket } from "./socket-client";

/** Waits before reopening a lane that closed while its socket stayed up: 1 s, doubling to 30 s. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The browser's draft lane (lib/realtime/lane.ts): opened after every Socket.IO (re)connect with a
 * ticket from that socket, reopened with backoff if it drops while the socket stays up. `send`
 * returns false while no lane is open, and the caller sends over Socket.IO instead, so the typing
 * stream never waits for the lane; frames the lane brings go to `onFrame`, the same handlers as
 * the Socket.IO events of the same name.
 */
export class DraftLaneClient {
  private ws: WebSocket | null = null;
  private opening: WebSocket | null = null;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly onConnect = () => {
    this.retryMs = RETRY_MIN_MS;
    this.open();
  };
  private readonly onDisconnect = () => this.drop();

  constructor(
    private readonly socket: ClientSocket,
    private readonly onFrame: (frame: LaneServerFrame) => void,
  ) {
    socket.on("connect", this.onConnect);
    socket.on("disconnect", this.onDisconnect);
    if (socket.connected) this.open();
  }

  /** True when the lane is open and took the frame. */
  send(event: LaneClientEvent, payload: unknown): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeLaneFrame(event, payload));
    return true;
  }

  dispose(): void {
    this.disposed = true;
    this.socket.off("connect", this.onConnect);
    this.socket.off("disconnect", this.onDisconnect);
    this.drop();
  }

  private drop(): void {
    clearTimeout(this.retryTimer);
    for (const ws of [this.ws, this.opening]) {
      if (!ws) continue;
      ws.onclose = null; // closed on purpose: no retry
      ws.close();
    }
    this.ws = null;
    this.opening = null;
  }

  private open(): void {
    if (this.disposed || !this.socket.connected || this.opening) return;
    this.drop();
    const socket = this.socket;
    request<LaneTicket>(socket, "lane:open", {})
      .then((ticket) => {
        // A reconnect in the meantime gave the socket a new id: its own "connect" opens the lane.
        if (this.disposed || !socket.connected || ticket.sid !== socket.id) return;
        const ws = new WebSocket(laneUrl(window.location.href, ticket));
        this.opening = ws;
        ws.onopen = () => {
          if (this.opening !== ws) return;
          this.opening = null;
          this.ws = ws;
          this.retryMs = RETRY_MIN_MS;
        };
        ws.onmessage = (m: MessageEvent) => {
          if (typeof m.data !== "string") return;
          const frame = decodeServerLaneFrame(m.data);
          if (frame) this.onFrame(frame);
        };
        ws.onclose = () => {
          if (this.opening === ws) this.opening = null;
          if (this.ws === ws) this.ws = null;
          this.retryLater();
        };
      })
      .catch(() => this.retryLater());
  }

  /** Socket.IO carries the stream meanwhile; try the lane again while the socket is up. */
  private retryLater(): void {
    if (this.disposed || !this.socket.connected) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
