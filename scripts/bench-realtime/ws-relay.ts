// Child process of `bench:realtime`: the raw `ws` baseline. A socket joins the room named in its URL
// (/?room=ID) and every text frame it sends is forwarded unparsed to the other sockets of that room.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { probeWindowOnSignal } from "./window-probe";

probeWindowOnSignal("ws");
const httpServer = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
const rooms = new Map<string, Set<WebSocket>>();
wss.on("connection", (ws, req) => {
  const room = new URL(req.url ?? "/", "http://relay").searchParams.get("room") ?? "";
  const members = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, members.add(ws));
  ws.on("message", (data, isBinary) => {
    for (const other of members) if (other !== ws) other.send(data, { binary: isBinary });
  });
  ws.on("close", () => {
    members.delete(ws);
    if (!members.size) rooms.delete(room);
  });
});
await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const { port } = httpServer.address() as AddressInfo;
console.log(JSON.stringify({ ready: port, describe: "ws WebSocketServer, room per session, frames forwarded unparsed" }));
process.on("SIGTERM", () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close(() => httpServer.close(() => process.exit(0)));
});
