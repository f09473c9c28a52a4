import type { Database } from "../db/database";

export type SessionSummary = { id: string; title: string; kind: string; status: string; createdAt: string; endedAt: string | null; participants: { name: string; role: string }[] };

export async function listSessions({
  db,
  orgIds,
  userId,
  status,
}: {
  db: Database;
  orgIds: string[];
  /** When set, only sessions this user takes part in. */
  userId?: string;
  status?: ("SCHEDULED" | "LOBBY" | "ACTIVE" | "ENDED" | "CANCELLED")[];
}): Promise<SessionSummary[]> {
  const rows = await db.prisma.interviewSession.findMany({
    where: {
      orgId: { in: orgIds },
      ...(userId ? { participants: { some: { userId } } } : {}),
      ...(status ? { status: { in: status } } : {}),
    },
    include: { participants: { include: { user: { select: { name: true } } } } },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    kind: s.kind,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    participants: s.participants.map((p) => ({ name: p.user.name, role: p.role })),
  }));
}
