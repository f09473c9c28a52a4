/** True when a write failed on a unique constraint (Prisma's P2002, or the raw SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  if (e.code === "P2002" || e.code === "23505") return true;
  if (e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation") return true;
  return e.cause !== undefined && e.cause !== err && isUniqueViolation(e.cause);
}
