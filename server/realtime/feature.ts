import type { Database } from "../db/database";
import type { JobQueue } from "../jobs/queue";
import type { Logger } from "../logger";
import type { DraftLanes } from "./draft-lanes";
import type { MockroomServer, MockroomSocket } from "./rooms";

/** What every realtime feature gets from the server that hosts it. */
export type RealtimeContext = {
  io: MockroomServer;
  db: Database;
  logger: Logger;
  jobs?: JobQueue | undefined;
  /** The typing stream's WebSocket lanes beside Socket.IO (lib/realtime/lane.ts). */
  lanes: DraftLanes;
  /** More than one server shares the rooms (the Redis adapter): per-server deliveries are relayed with serverSideEmit. */
  clustered: boolean;
};

/**
 * One slice of the realtime server (live rooms, the pairing queue): registers its client events
 * on each new socket, and may run background work between start and stop.
 */
export interface RealtimeFeature {
  readonly name: string;
  register(socket: MockroomSocket): void;
  /** Called when the socket disconnects, after its own listeners ran. */
  disconnected?(socket: MockroomSocket, reason: string): void | Promise<void>;
  start?(): void | Promise<void>;
  /** Finishes pending writes (e.g. draft checkpoints) before the server closes. */
  stop?(): Promise<void>;
}
