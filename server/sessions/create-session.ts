import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, type Plan } from "../../lib/sessions/plan";
import { ZLang } from "../../lib/questions/schema";
import type { Database } from "../db/database";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { appendSessionEvent } from "./append-session-event";
import { resolvePlan, ZPlanRequestItem } from "./resolve-plan";
import { loadTemplate } from "./templates";

export const ZCreateSession = z
  .strictObject({
    orgId: z.string().min(1).max(40),
    title: z.string().trim().min(1, "must not be empty").max(120),
    lang: ZLang.default("en"),
    questions: z.array(ZPlanRequestItem).max(30).optional(),
    templateId: z.string().min(1).max(40).optional(),
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => (v.questions?.length ?? 0) > 0 || v.templateId, { message: "choose at least one question or a template", path: ["questions"] });
export type CreateSessionInput = z.input<typeof ZCreateSession>;

export type CreatedSession = { id: string; roomCode: string; inviteToken: string; status: string; plan: Plan };

export function newRoomCode(): string {
  let s = "";
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) s += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return s;
}

/**
 * Creates a live session with the caller as its interviewer: the plan (explicit questions, or a
 * saved template's), a short room code and an unguessable invite token for the candidate, and
 * the first timeline event. Scheduled sessions start as SCHEDULED, others in the LOBBY.
 */
export async function createLiveSession({
  db,
  creatorId,
  input,
  participants = [],
  peerSplit,
}: {
  db: Database;
  creatorId: string;
  input: z.infer<typeof ZCreateSession>;
  /** Extra participants known at creation (the pairing queue's matched candidate). */
  participants?: { userId: string; role: "INTERVIEWER" | "CANDIDATE" | "OBSERVER" }[];
  /**
   * Peer sessions: plan items from this index on form the second half, asked after the two
   * peers swap roles. Without it the session is a plain interviewer-led one.
   */
  peerSplit?: number;
}): Promise<CreatedSession> {
  let items = input.questions ?? [];
  if (!items.length && input.templateId) {
    const template = await loadTemplate({ db, orgId: input.orgId, templateId: input.templateId });
    items = template.items;
  }
  const resolved = await resolvePlan({ db, orgId: input.orgId, items });
  const plan: Plan = peerSplit === undefined ? resolved : resolved.map((p, i) => ({ ...p, half: i < peerSplit ? 0 : 1 }));
  const members = [{ userId: creatorId, role: "INTERVIEWER" as const }, ...participants.filter((p) => p.userId !== creatorId)];
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.prisma.$transaction(async (tx) => {
        const s = await tx.interviewSession.create({
          data: {
            orgId: input.orgId,
            kind: "LIVE",
            status: input.scheduledAt ? "SCHEDULED" : "LOBBY",
            title: input.title,
            lang: input.lang,
            roomCode: newRoomCode(),
            inviteToken: randomBytes(18).toString("base64url"),
            plan: plan as Prisma.InputJsonValue,
            scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
            createdById: creatorId,
            templateId: input.templateId ?? null,
            participants: { create: members },
          },
          select: { id: true, roomCode: true, inviteToken: true, status: true },
        });
        await appendSessionEvent({
          tx,
          sessionId: s.id,
          type: "session.created",
          actorId: creatorId,
          payload: { title: input.title, questions: plan.length, scheduledAt: input.scheduledAt ?? null },
        });
        return { ...s, plan };
      });
    } catch (err) {
      // A room code collision (one in ~10^8 per pair) is retried with a new code.
      if (isUniqueViolation(err) && attempt < 5) continue;
      throw err;
    }
  }
}
