import { randomUUID } from "node:crypto";
import type { SessionEventType } from "../../lib/sessions/event-types";
import type { Database } from "../db/database";
import { Prisma } from "../db/generated/client";
import type { Logger } from "../logger";

export type TimelineEntry = { sessionId: string; type: SessionEventType; actorId: string | null; visibility: "ALL" | "STAFF"; payload: Prisma.InputJsonValue };

/** How often queued timeline events are written, and the most written per statement. */
export const TIMELINE_FLUSH_MS = 200;
const CHUNK = 500;

/**
 * Timeline events that need not block the caller (joins, leaves, reconnects, draft checkpoints)
 * are queued here and written in one statement per flush: the statement bumps every session's
 * event counter once and numbers its events from it, so sequence numbers stay gap-free and never
 * collide with events appended one by one (appendSessionEvent locks the same row). A thousand
 * rooms reconnecting at once cost a few statements instead of two thousand transactions.
 */
export class TimelineBatcher {
  private queue: (TimelineEntry & { id: string; at: Date })[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  add(e: TimelineEntry): void {
    this.queue.push({ ...e, id: randomUUID(), at: new Date() });
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, TIMELINE_FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeQueued());
    return this.writing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length) {
      const chunk = this.queue.splice(0, CHUNK);
      try {
        await this.write(chunk);
      } catch (err) {
        // One bad event (say, of a user deleted meanwhile) fails the statement: retry one session at a time.
        const bySession = new Map<string, typeof chunk>();
        for (const e of chunk) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
        for (const [sessionId, events] of bySession) {
          await this.write(events).catch((e: unknown) => this.logger.warn({ err: e, sessionId, first: err instanceof Error ? err.message : String(err), lost: events.length }, "timeline events not written"));
        }
      }
    }
  }

  private async write(chunk: (TimelineEntry & { id: string; at: Date })[]): Promise<void> {
    const values = Prisma.join(chunk.map((e, i) => Prisma.sql`(${i}::int, ${e.id}::text, ${e.sessionId}::text, ${e.type}::text, ${e.actorId}::text, ${e.visibility}::text, ${JSON.stringify(e.payload)}::jsonb, ${e.at.toISOString()}::timestamp)`));
    await this.db.prisma.$executeRaw`
      WITH due (ord, id, sid, type, actor, vis, payload, at) AS (VALUES ${values}),
      numbered AS (
        SELECT *, row_number() OVER (PARTITION BY sid ORDER BY ord) AS rn, count(*) OVER (PARTITION BY sid) AS n FROM due
      ),
      bumped AS (
        UPDATE "InterviewSession" s SET "eventSeq" = s."eventSeq" + c.n
        FROM (SELECT sid, count(*)::int AS n FROM due GROUP BY sid) c
        WHERE s.id = c.sid
        RETURNING s.id, s."eventSeq" AS last
      )
      INSERT INTO "SessionEvent" ("id", "sessionId", "seq", "type", "actorId", "visibility", "payload", "createdAt")
      SELECT numbered.id, numbered.sid, (bumped.last - numbered.n + numbered.rn)::int, numbered.type, numbered.actor, numbered.vis::"EventVisibility", numbered.payload, numbered.at
      FROM numbered JOIN bumped ON bumped.id = numbered.sid`;
  }
}
