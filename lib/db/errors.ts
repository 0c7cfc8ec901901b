/**
 * True for a unique-constraint violation, the database's way of saying "already there": Prisma's
 * P2002 from its model API, or the driver's own kind for a raw statement (lib/db/insert-rows.ts).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return code === "P2002" || meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
