// JSON columns are read through one door: each is parsed with its zod schema where it is read, so a
// row written by an older version (or edited by hand) fails loudly with its id and field, instead of
// reaching the code as a lie told by a cast.
import type { z } from "zod";
import type { Prisma } from "./client";

export function readJson<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(the value)"}: ${issue.message}`)
    .join("; ");
  // Permanent: the stored value will read no better on a retry, so a step that meets one fails at once.
  throw Object.assign(new Error(`${what} does not read as it should: ${problems}`), { permanent: true });
}

/** A value for a JSON column (Prisma's input type; the value is already plain JSON). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

/**
 * A JSON column as a raw statement returns it: parsed already through pg on PostgreSQL, text on
 * SQLite (Prisma's raw queries leave it as stored). Still to be read through its schema.
 */
export function rawJson(value: unknown): unknown {
  return typeof value === "string" ? (JSON.parse(value) as unknown) : value;
}
