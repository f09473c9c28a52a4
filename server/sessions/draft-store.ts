import { randomUUID } from "node:crypto";
import type { DraftView } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import { Prisma } from "../db/generated/client";
import type { Logger } from "../logger";
import type { TimelineBatcher } from "./timeline-batcher";

type Entry = { sessionId: string; turnId: string; authorId: string; text: string; rev: number; lastCheckpointAt: number; lastWrittenAt: number };

/** How often dirty drafts are written, and the most rows one flush writes (the rest wait their turn, oldest first). */
export const DRAFT_FLUSH_MS = 50;
export const DRAFT_FLUSH_ROWS = 40;
/**
 * A draft being typed into is written at most this often: the most typing a crash of this server can
 * lose before the browser, which keeps its own copy, resends it on reconnect.
 */
export const DRAFT_WRITE_GAP_MS = 2_000;
/** A "draft.checkpoint" timeline event is written at most this often per draft (the text itself is saved every flush). */
export const DRAFT_CHECKPOINT_EVENT_MS = 60_000;

const key = (turnId: string, authorId: string) => `${turnId}:${authorId}`;

/**
 * Candidates' drafts, held in memory while they type and written to the database in small batched
 * upserts: no database write per keystroke, each draft written at most every DRAFT_WRITE_GAP_MS, and
 * a flush never stalls the event loop long enough to delay the typing stream (at most
 * DRAFT_FLUSH_ROWS rows every DRAFT_FLUSH_MS). A revision that is not newer than the one held
 * (a late or replayed packet) is ignored, and the database refuses to go back in revision too, so
 * two servers or a resend after a restart never overwrite newer text.
 */
export class DraftStore {
  private readonly entries = new Map<string, Entry>();
  /** Keys of drafts changed since their last write, in the order they first changed. */
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly timeline: TimelineBatcher,
  ) {}

  start(intervalMs = DRAFT_FLUSH_MS): void {
    this.timer ??= setInterval(() => void this.flush(DRAFT_FLUSH_ROWS, DRAFT_WRITE_GAP_MS), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Returns false when `rev` is not newer than what this server holds. Updates in place: this runs per keystroke batch. */
  update(d: { sessionId: string; turnId: string; authorId: string; text: string; rev: number }): boolean {
    const k = key(d.turnId, d.authorId);
    const cur = this.entries.get(k);
    if (cur) {
      if (cur.rev >= d.rev) return false;
      cur.text = d.text;
      cur.rev = d.rev;
    } else {
      this.entries.set(k, { sessionId: d.sessionId, turnId: d.turnId, authorId: d.authorId, text: d.text, rev: d.rev, lastCheckpointAt: 0, lastWrittenAt: 0 });
    }
    this.dirty.add(k);
    return true;
  }

  /** Drafts of a session: what the database holds, overlaid with newer revisions still in memory. */
  async ofSession(sessionId: string, authorId?: string): Promise<DraftView[]> {
    const rows = await this.db.prisma.answerDraft.findMany({
      where: { turn: { sessionId }, ...(authorId ? { authorId } : {}) },
      select: { turnId: true, authorId: true, text: true, revision: true },
    });
    const out = new Map(rows.map((r) => [key(r.turnId, r.authorId), { turnId: r.turnId, authorId: r.authorId, text: r.text, rev: r.revision }]));
    for (const [k, e] of this.entries) {
      if (e.sessionId !== sessionId || (authorId && e.authorId !== authorId)) continue;
      const stored = out.get(k);
      if (!stored || stored.rev < e.rev) out.set(k, { turnId: e.turnId, authorId: e.authorId, text: e.text, rev: e.rev });
    }
    return [...out.values()];
  }

  /** Forgets a session's drafts once it has ended (after a final flush). */
  async forgetSession(sessionId: string): Promise<void> {
    await this.flush();
    for (const [k, e] of this.entries) if (e.sessionId === sessionId && !this.dirty.has(k)) this.entries.delete(k);
  }

  /**
   * Writes up to `maxRows` dirty drafts, oldest change first, skipping drafts written less than
   * `minGapMs` ago. Without arguments (tests, shutdown, session end) it writes every dirty draft.
   */
  flush(maxRows = Number.POSITIVE_INFINITY, minGapMs = 0): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeDirty(maxRows, minGapMs)).catch((err: unknown) => this.logger.error({ err }, "draft flush failed; will retry"));
    return this.flushing;
  }

  private async writeDirty(maxRows: number, minGapMs: number): Promise<void> {
    while (this.dirty.size) {
      const batch: { k: string; e: Entry; text: string; rev: number }[] = [];
      const due = Date.now() - minGapMs;
      for (const k of this.dirty) {
        const e = this.entries.get(k);
        if (e && e.lastWrittenAt > due) continue;
        this.dirty.delete(k);
        // A snapshot: typing that arrives during the write marks the draft dirty again.
        if (e) batch.push({ k, e, text: e.text, rev: e.rev });
        if (batch.length >= Math.min(500, maxRows)) break;
      }
      if (!batch.length) return;
      const now = new Date();
      for (const b of batch) b.e.lastWrittenAt = now.getTime();
      try {
        const values = Prisma.join(batch.map((b) => Prisma.sql`(${randomUUID()}, ${b.e.turnId}, ${b.e.authorId}, ${b.text}, ${b.rev}, ${now})`));
        // Only ever forward in revision: a stale writer (another server, a replay) changes nothing.
        await this.db.prisma.$executeRaw`
          INSERT INTO "AnswerDraft" ("id", "turnId", "authorId", "text", "revision", "updatedAt") VALUES ${values}
          ON CONFLICT ("turnId", "authorId") DO UPDATE SET "text" = EXCLUDED."text", "revision" = EXCLUDED."revision", "updatedAt" = EXCLUDED."updatedAt"
          WHERE "AnswerDraft"."revision" < EXCLUDED."revision"`;
      } catch (err) {
        // Put them back so a later flush retries.
        for (const b of batch) {
          b.e.lastWrittenAt = 0;
          this.dirty.add(b.k);
        }
        throw err;
      }
      for (const b of batch) {
        if (now.getTime() - b.e.lastCheckpointAt < DRAFT_CHECKPOINT_EVENT_MS) continue;
        b.e.lastCheckpointAt = now.getTime();
        this.timeline.add({ sessionId: b.e.sessionId, type: "draft.checkpoint", actorId: b.e.authorId, visibility: "STAFF", payload: { turnId: b.e.turnId, rev: b.rev, chars: b.text.length } });
      }
      maxRows -= batch.length;
      if (maxRows <= 0) return;
    }
  }
}
