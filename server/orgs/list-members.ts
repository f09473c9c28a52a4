import type { RoleName } from "../../lib/accounts";
import type { Database } from "../db/database";

export type MemberView = { userId: string; name: string; email: string; roles: RoleName[]; joinedAt: string };

export async function listMembers({ db, orgId }: { db: Database; orgId: string }): Promise<MemberView[]> {
  const rows = await db.prisma.membership.findMany({ where: { orgId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, roles: m.roles as RoleName[], joinedAt: m.createdAt.toISOString() }));
}
