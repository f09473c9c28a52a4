import type { Server, Socket } from "socket.io";
import type { PairingClientToServerEvents, PairingServerToClientEvents } from "../../lib/realtime/pairing-contract";
import type { MockroomServer, MockroomSocket } from "../realtime/rooms";

/**
 * The pairing queue's view of the shared Socket.IO server: the same instance, typed with the
 * queue's own events (the room contract does not know them).
 */
export type PairingServer = Server<PairingClientToServerEvents, PairingServerToClientEvents>;
export type PairingSocket = Socket<PairingClientToServerEvents, PairingServerToClientEvents>;

export const asPairingServer = (io: MockroomServer) => io as unknown as PairingServer;
export const asPairingSocket = (socket: MockroomSocket) => socket as unknown as PairingSocket;

/** The socket that holds one queue entry: matches and statuses go here, on whichever server it is connected. */
export const queueEntryRoom = (entryId: string) => `queue:entry:${entryId}`;
/** Every socket waiting in one organisation's queue: the matcher asks this room which entries are still alive. */
export const queueOrgRoom = (orgId: string) => `queue:org:${orgId}`;
export const QUEUE_ENTRY_ROOM_PREFIX = "queue:entry:";
