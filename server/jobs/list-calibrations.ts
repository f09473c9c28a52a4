import type { Database } from "../db/database";

/** A question's calibrations, newest first. */
export async function listCalibrations({ db, questionId, limit = 20 }: { db: Database; questionId: string; limit?: number }) {
  const rows = await db.prisma.questionCalibration.findMany({
    where: { questionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { questionVersion: { select: { version: true } } },
  });
  return rows.map((c) => ({ id: c.id, version: c.questionVersion.version, questionVersionId: c.questionVersionId, engineVersion: c.engineVersion, method: c.method, n: c.n, parameters: c.parameters, createdAt: c.createdAt.toISOString() }));
}
