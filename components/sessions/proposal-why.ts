import type { AdvanceWhy } from "@/lib/followups/decide-follow-up";
import { withoutClosingPunctuation, type GapStatus } from "@/lib/followups/templates";
import type { Proposal } from "@/lib/realtime/contract";

const MAX_POINT_CHARS = 90;

/**
 * Why the AI proposed a follow-up or moving on, in the viewer's language: from the key point the
 * proposal names and how the answer fell short of it, or from its reason code for moving on. Falls
 * back to the server's audit text (English, technical) for a proposal that names neither, as older
 * ones may not. The live room and the summary say it the same way.
 */
export function proposalWhy(
  p: Pick<Proposal, "keyPointId" | "gap" | "advanceWhy" | "reason">,
  statementOf: (keyPointId: string) => string | undefined,
  say: { gap(gap: GapStatus, point: string): string; advance(why: AdvanceWhy): string },
): string {
  if (p.advanceWhy) return say.advance(p.advanceWhy);
  const point = p.keyPointId ? statementOf(p.keyPointId) : undefined;
  if (!point || !p.gap) return p.reason;
  const bare = withoutClosingPunctuation(point);
  return say.gap(p.gap, bare.length > MAX_POINT_CHARS ? `${bare.slice(0, MAX_POINT_CHARS - 1).trimEnd()}…` : bare);
}
