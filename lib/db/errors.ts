/**
 * True for a unique-constraint violation, the database's way of saying "already there": Prisma's
 * P2002 from its model API, the driver adapter's kind for a raw statement, or pg's code for a direct one (lib/db/insert-rows.ts).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  // 23505: PostgreSQL's own unique_violation, as pg reports a direct statement's (lib/db/direct-sql.ts).
  return code === "P2002" || code === "23505" || meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
