/**
 * A live session's plan: the ordered questions with a time budget each, stored as JSON on the
 * session. Shared by the server (creation, pushing the next question) and the browser (timers).
 */
import { z } from "zod";

export const ZPlanItem = z.strictObject({
  questionId: z.string().min(1).max(40),
  questionVersionId: z.string().min(1).max(40),
  title: z.string().max(200),
  minutes: z.number().int().min(1).max(120),
  /** Peer sessions: the half of the session this item belongs to (0 first, 1 after the role swap). */
  half: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type PlanItem = z.infer<typeof ZPlanItem>;

export const ZPlan = z.array(ZPlanItem).max(30);
export type Plan = z.infer<typeof ZPlan>;

export function parsePlan(raw: unknown): Plan {
  const p = ZPlan.safeParse(raw);
  return p.success ? p.data : [];
}

export function totalMinutes(plan: Plan): number {
  return plan.reduce((s, i) => s + i.minutes, 0);
}

/** Room codes avoid look-alike characters (0/O, 1/I/L) so they can be read aloud or typed from a screen. */
export const ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const ROOM_CODE_LENGTH = 6;
export const ZRoomCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().length(ROOM_CODE_LENGTH, `must be ${ROOM_CODE_LENGTH} characters`).regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]+$`), "is not a room code"));
