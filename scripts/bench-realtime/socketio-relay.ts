// Child process of `bench:realtime`: the bare Socket.IO baseline. One room per session (named in the
// handshake), every "draft:update" relayed as is to the other socket of the room as "staff:draft": no
// authentication, validation, roles or database. Transport settings as the product's.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { probeWindowOnSignal } from "./window-probe";

probeWindowOnSignal("bareSocketio");
const httpServer = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false, httpCompression: false });
io.on("connection", (socket) => {
  const room = String((socket.handshake.auth as { room?: unknown }).room);
  void socket.join(room);
  socket.on("draft:update", (payload: unknown) => {
    socket.to(room).emit("staff:draft", payload);
  });
});
await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const { port } = httpServer.address() as AddressInfo;
console.log(JSON.stringify({ ready: port, describe: "socket.io Server, room per session, relay without auth/validation/DB" }));
process.on("SIGTERM", () => {
  void io.close(() => process.exit(0));
});
