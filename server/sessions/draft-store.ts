import { randomUUID } from "node:crypto";
import type { DraftView } from "../../lib/realtime/contract";
import type { Database } from "../db/database";
import { Prisma } from "../db/generated/client";
import type { Logger } from "../logger";
import { appendSessionEvent } from "./append-session-event";

type Entry = DraftView & { sessionId: string; dirty: boolean; lastCheckpointAt: number };

/** How often dirty drafts are written: the most a crash of this server can lose before the client resends. */
export const DRAFT_FLUSH_MS = 1_000;
/** A "draft.checkpoint" timeline event is written at most this often per draft (the text itself is saved every flush). */
export const DRAFT_CHECKPOINT_EVENT_MS = 60_000;

const key = (turnId: string, authorId: string) => `${turnId}:${authorId}`;

/**
 * Candidates' drafts, held in memory while they type and written to the database in one batched
 * upsert per flush interval: no database write per keystroke. A revision that is not newer than
 * the one held (a late or replayed packet) is ignored, and the database refuses to go back in
 * revision too, so two servers or a resend after a restart never overwrite newer text.
 */
export class DraftStore {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = DRAFT_FLUSH_MS): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Returns false when `rev` is not newer than what this server holds. */
  update(d: { sessionId: string; turnId: string; authorId: string; text: string; rev: number }): boolean {
    const k = key(d.turnId, d.authorId);
    const cur = this.entries.get(k);
    if (cur && cur.rev >= d.rev) return false;
    this.entries.set(k, { ...d, dirty: true, lastCheckpointAt: cur?.lastCheckpointAt ?? 0 });
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
    for (const [k, e] of this.entries) if (e.sessionId === sessionId && !e.dirty) this.entries.delete(k);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeDirty()).catch((err: unknown) => this.logger.error({ err }, "draft flush failed; will retry"));
    return this.flushing;
  }

  private async writeDirty(): Promise<void> {
    const dirty = [...this.entries.values()].filter((e) => e.dirty);
    if (!dirty.length) return;
    for (const e of dirty) e.dirty = false;
    const now = new Date();
    try {
      for (let i = 0; i < dirty.length; i += 500) {
        const chunk = dirty.slice(i, i + 500);
        const values = Prisma.join(chunk.map((e) => Prisma.sql`(${randomUUID()}, ${e.turnId}, ${e.authorId}, ${e.text}, ${e.rev}, ${now})`));
        // Only ever forward in revision: a stale writer (another server, a replay) changes nothing.
        await this.db.prisma.$executeRaw`
          INSERT INTO "AnswerDraft" ("id", "turnId", "authorId", "text", "revision", "updatedAt") VALUES ${values}
          ON CONFLICT ("turnId", "authorId") DO UPDATE SET "text" = EXCLUDED."text", "revision" = EXCLUDED."revision", "updatedAt" = EXCLUDED."updatedAt"
          WHERE "AnswerDraft"."revision" < EXCLUDED."revision"`;
      }
    } catch (err) {
      // Put them back so the next flush retries, unless newer text has arrived meanwhile (it is dirty anyway).
      for (const e of dirty) e.dirty = true;
      throw err;
    }
    const due = dirty.filter((e) => now.getTime() - e.lastCheckpointAt >= DRAFT_CHECKPOINT_EVENT_MS);
    for (const e of due) {
      e.lastCheckpointAt = now.getTime();
      await this.db.prisma
        .$transaction((tx) => appendSessionEvent({ tx, sessionId: e.sessionId, type: "draft.checkpoint", actorId: e.authorId, visibility: "STAFF", payload: { turnId: e.turnId, rev: e.rev, chars: e.text.length } }))
        .catch((err: unknown) => this.logger.warn({ err, sessionId: e.sessionId }, "draft checkpoint event not written"));
    }
  }
}
