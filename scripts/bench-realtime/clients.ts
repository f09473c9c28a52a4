/**
 * The two simulated participants of one room, for each server under test: the candidate sends its
 * draft, the interviewer reports each revision it receives. Product clients authenticate with their
 * API token and join the room like the browser does; relay clients just name the room.
 */
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/realtime/contract";
import { decodeServerLaneFrame, encodeLaneFrame, laneUrl, type LaneTicket } from "../../lib/realtime/lane";
import { draftText, type RoomSpec, type Target } from "./protocol";

export type RoomPair = { send(rev: number): void; close(): void };
export type PairHooks = { delivered(rev: number): void; failed(what: string): void };

const ioOptions = { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60_000 };
const CONNECT_TIMEOUT_MS = 60_000;

function socketConnected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err: Error) => reject(new Error(`connect failed: ${err.message}`)));
  });
}

function wsOpen(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
}

type ProductSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens `socket`'s draft lane as the browser does: a ticket over Socket.IO, then a plain WebSocket. */
async function openLane(url: string, socket: ProductSocket): Promise<WebSocket> {
  const t = await socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck("lane:open", {});
  if (!t.ok) throw new Error(`lane:open refused: ${t.error.code} ${t.error.message}`);
  const ws = new WebSocket(laneUrl(url, t.data satisfies LaneTicket), { perMessageDeflate: false });
  await wsOpen(ws);
  return ws;
}

async function productPair(url: string, room: RoomSpec, hooks: PairHooks, useLanes: boolean): Promise<RoomPair> {
  const open = (token: string): ProductSocket => io(url, { ...ioOptions, auth: { protocol: PROTOCOL_VERSION, token } });
  const interviewer = open(room.interviewerToken);
  const candidate = open(room.candidateToken);
  const lanes: WebSocket[] = [];
  const close = () => {
    for (const l of lanes) l.removeAllListeners("close").terminate();
    interviewer.close();
    candidate.close();
  };
  try {
    await Promise.all([socketConnected(interviewer), socketConnected(candidate)]);
    for (const s of [interviewer, candidate]) {
      const joined = await s.timeout(CONNECT_TIMEOUT_MS).emitWithAck("room:join", { sessionId: room.sessionId });
      if (!joined.ok) throw new Error(`room:join refused: ${joined.error.code} ${joined.error.message}`);
    }
    if (useLanes) for (const s of [interviewer, candidate]) lanes.push(await openLane(url, s));
  } catch (err) {
    close();
    throw err;
  }
  interviewer.on("staff:draft", (p) => hooks.delivered(p.draft.rev));
  candidate.on("system:error", (e) => hooks.failed(`${e.event}: ${e.code} ${e.message}`));
  for (const s of [interviewer, candidate]) s.on("disconnect", (reason) => hooks.failed(`disconnected: ${reason}`));
  const [interviewerLane, candidateLane] = lanes;
  interviewerLane?.on("message", (data: Buffer) => {
    const f = decodeServerLaneFrame(data.toString("utf8"));
    if (f?.event === "staff:draft") hooks.delivered(f.payload.draft.rev);
  });
  candidateLane?.on("message", (data: Buffer) => {
    const f = decodeServerLaneFrame(data.toString("utf8"));
    if (f?.event === "system:error") hooks.failed(`${f.payload.event}: ${f.payload.code} ${f.payload.message}`);
  });
  for (const l of lanes) l.on("close", (code) => hooks.failed(`lane closed: ${code}`));
  return {
    send: (rev) => {
      const draft = { sessionId: room.sessionId, turnId: room.turnId, text: draftText(rev), rev };
      if (candidateLane) candidateLane.send(encodeLaneFrame("draft:update", draft));
      else candidate.emit("draft:update", draft);
    },
    close: () => {
      for (const s of [interviewer, candidate]) s.removeAllListeners("disconnect");
      close();
    },
  };
}

async function bareSocketioPair(url: string, room: RoomSpec, hooks: PairHooks): Promise<RoomPair> {
  const interviewer = io(url, { ...ioOptions, auth: { room: room.sessionId } });
  const candidate = io(url, { ...ioOptions, auth: { room: room.sessionId } });
  await Promise.all([socketConnected(interviewer), socketConnected(candidate)]);
  interviewer.on("staff:draft", (p: { rev: number }) => hooks.delivered(p.rev));
  for (const s of [interviewer, candidate]) s.on("disconnect", (reason) => hooks.failed(`disconnected: ${reason}`));
  return {
    send: (rev) => void candidate.emit("draft:update", { sessionId: room.sessionId, turnId: room.turnId, text: draftText(rev), rev }),
    close: () => {
      for (const s of [interviewer, candidate]) s.removeAllListeners("disconnect").close();
    },
  };
}

async function wsPair(url: string, room: RoomSpec, hooks: PairHooks): Promise<RoomPair> {
  const wsUrl = `${url.replace(/^http/, "ws")}/?room=${encodeURIComponent(room.sessionId)}`;
  const interviewer = new WebSocket(wsUrl, { perMessageDeflate: false });
  const candidate = new WebSocket(wsUrl, { perMessageDeflate: false });
  await Promise.all([wsOpen(interviewer), wsOpen(candidate)]);
  interviewer.on("message", (data: Buffer) => hooks.delivered((JSON.parse(data.toString("utf8")) as { rev: number }).rev));
  for (const s of [interviewer, candidate]) s.on("close", () => hooks.failed("closed by the server"));
  return {
    send: (rev) => candidate.send(JSON.stringify({ sessionId: room.sessionId, turnId: room.turnId, text: draftText(rev), rev })),
    close: () => {
      for (const s of [interviewer, candidate]) s.removeAllListeners("close").terminate();
    },
  };
}

export function connectPair(target: Target, url: string, room: RoomSpec, hooks: PairHooks): Promise<RoomPair> {
  switch (target) {
    case "product":
      return productPair(url, room, hooks, true);
    case "productSocketio":
      return productPair(url, room, hooks, false);
    case "bareSocketio":
      return bareSocketioPair(url, room, hooks);
    case "ws":
      return wsPair(url, room, hooks);
  }
}
