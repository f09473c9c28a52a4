import { ENGINE_VERSION, type Calibration } from "../../lib/scoring/engine";
import type { Database } from "../db/database";

export type StoredCalibration = { id: string; calibration: Calibration };

/**
 * The calibration score-answer applies to a question: the newest one fitted for the current engine
 * version (a line fitted to another engine's scores does not describe this engine's), or none.
 */
export async function loadLatestCalibration({ db, questionId }: { db: Database; questionId: string }): Promise<StoredCalibration | undefined> {
  const row = await db.prisma.questionCalibration.findFirst({
    where: { questionId, engineVersion: ENGINE_VERSION },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, method: true, parameters: true },
  });
  return row ? { id: row.id, calibration: { questionKey: questionId, method: row.method, data: row.parameters } } : undefined;
}
