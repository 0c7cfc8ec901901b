/** True for a unique-constraint violation (Prisma's P2002), the database's way of saying "already there". */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
