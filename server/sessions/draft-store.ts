import type { DraftView } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import type { TimelineBatcher } from "./timeline-batcher";

type Entry = { sessionId: string; turnId: string; authorId: string; text: string; rev: number; lastCheckpointAt: number; lastWrittenAt: number };
type DraftUpdate = { sessionId: string; turnId: string; authorId: string; text: string; rev: number };

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

/**
 * Upserts a batch of drafts given as a JSON array of [turnId, authorId, text, revision], all stamped
 * with $2 (an ISO instant; the column holds UTC like Prisma's). Only ever forward in revision: a stale
 * writer (another server, a replay) changes nothing.
 */
const UPSERT_DRAFTS_SQL = `
  INSERT INTO "AnswerDraft" ("id", "turnId", "authorId", "text", "revision", "updatedAt")
  SELECT gen_random_uuid()::text, r->>0, r->>1, r->>2, (r->>3)::int, ($2::timestamptz AT TIME ZONE 'UTC')
  FROM json_array_elements($1::json) AS r
  ON CONFLICT ("turnId", "authorId") DO UPDATE SET "text" = EXCLUDED."text", "revision" = EXCLUDED."revision", "updatedAt" = EXCLUDED."updatedAt"
  WHERE "AnswerDraft"."revision" < EXCLUDED."revision"`;

/**
 * Candidates' drafts, held in memory while they type and written to the database in small batched
 * upserts: no database write per keystroke, each draft written at most every DRAFT_WRITE_GAP_MS, and
 * a flush never stalls the event loop long enough to delay the typing stream (at most
 * DRAFT_FLUSH_ROWS rows every DRAFT_FLUSH_MS). A revision that is not newer than the one held
 * (a late or replayed packet) is ignored, and the database refuses to go back in revision too, so
 * two servers or a resend after a restart never overwrite newer text.
 */
export class DraftStore {
  /** turnId -> authorId -> draft: two lookups and no key string built per keystroke batch. */
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Drafts changed since their last write, in the order they first changed. */
  private readonly dirty = new Set<Entry>();
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

  /**
   * Returns false when `rev` is not newer than what this server holds. Updates in place and allocates
   * nothing for a draft it already holds: this runs per keystroke batch.
   */
  update(d: DraftUpdate): boolean {
    let ofTurn = this.entries.get(d.turnId);
    const cur = ofTurn?.get(d.authorId);
    if (cur) {
      if (cur.rev >= d.rev) return false;
      cur.text = d.text;
      cur.rev = d.rev;
      this.dirty.add(cur);
      return true;
    }
    if (!ofTurn) this.entries.set(d.turnId, (ofTurn = new Map()));
    const e: Entry = { sessionId: d.sessionId, turnId: d.turnId, authorId: d.authorId, text: d.text, rev: d.rev, lastCheckpointAt: 0, lastWrittenAt: 0 };
    ofTurn.set(d.authorId, e);
    this.dirty.add(e);
    return true;
  }

  /** The revision this server holds for a draft, if it holds one. */
  revOf(turnId: string, authorId: string): number | undefined {
    return this.entries.get(turnId)?.get(authorId)?.rev;
  }

  /** Drafts of a session: what the database holds, overlaid with newer revisions still in memory. */
  async ofSession(sessionId: string, authorId?: string): Promise<DraftView[]> {
    const rows = await this.db.prisma.answerDraft.findMany({
      where: { turn: { sessionId }, ...(authorId ? { authorId } : {}) },
      select: { turnId: true, authorId: true, text: true, revision: true },
    });
    const out = rows.map((r) => ({ turnId: r.turnId, authorId: r.authorId, text: r.text, rev: r.revision }));
    for (const e of this.held(sessionId)) {
      if (authorId && e.authorId !== authorId) continue;
      const i = out.findIndex((v) => v.turnId === e.turnId && v.authorId === e.authorId);
      const view = { turnId: e.turnId, authorId: e.authorId, text: e.text, rev: e.rev };
      if (i < 0) out.push(view);
      else if ((out[i]?.rev ?? 0) < e.rev) out[i] = view;
    }
    return out;
  }

  /** Forgets a session's drafts once it has ended (after a final flush). */
  async forgetSession(sessionId: string): Promise<void> {
    await this.flush();
    for (const e of this.held(sessionId)) {
      if (this.dirty.has(e)) continue;
      const ofTurn = this.entries.get(e.turnId);
      ofTurn?.delete(e.authorId);
      if (ofTurn && !ofTurn.size) this.entries.delete(e.turnId);
    }
  }

  private held(sessionId: string): Entry[] {
    const out: Entry[] = [];
    for (const ofTurn of this.entries.values()) for (const e of ofTurn.values()) if (e.sessionId === sessionId) out.push(e);
    return out;
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
      const batch: { e: Entry; text: string; rev: number }[] = [];
      const due = Date.now() - minGapMs;
      for (const e of this.dirty) {
        if (e.lastWrittenAt > due) continue;
        this.dirty.delete(e);
        // A snapshot: typing that arrives during the write marks the draft dirty again.
        batch.push({ e, text: e.text, rev: e.rev });
        if (batch.length >= Math.min(500, maxRows)) break;
      }
      if (!batch.length) return;
      const now = new Date();
      for (const b of batch) b.e.lastWrittenAt = now.getTime();
      try {
        // One constant statement whatever the batch size (prepared once per connection), with the rows as
        // one JSON parameter: the flush costs the event loop one JSON.stringify and no per-row objects.
        const rows = JSON.stringify(batch.map((b) => [b.e.turnId, b.e.authorId, b.text, b.rev]));
        await this.db.query(UPSERT_DRAFTS_SQL, [rows, now.toISOString()], "mockroom_upsert_drafts");
      } catch (err) {
        // Put them back so a later flush retries.
        for (const b of batch) {
          b.e.lastWrittenAt = 0;
          this.dirty.add(b.e);
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
