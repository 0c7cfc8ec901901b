/**
 * The one error type the domain throws for expected failures. Each entry point maps the code to
 * its own medium (lib/http/errors.ts for HTTP); anything else is a bug, logged and answered generically.
 */
export type AppErrorCode =
  | "validation"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "too_large"
  | "unsupported_media_type"
  | "unavailable";

export interface AppErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues?: AppErrorIssue[],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string, id: string) => new AppError("not_found", `${what} ${id} does not exist`);
export const conflict = (message: string) => new AppError("conflict", message);
export const invalid = (message: string, issues?: AppErrorIssue[]) => new AppError("validation", message, issues);

interface ZodLikeIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** Zod's issues as the API returns them: dotted paths ("steps.2.action") and the message. */
export function issuesOf(error: { issues: ReadonlyArray<ZodLikeIssue> }): AppErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/**
 * Validates input at the edge: the parsed value, or a validation AppError that names each field.
 * Text no database could store (see unstorableIssue) is refused here too, with its field, rather
 * than failing later as a write error.
 */
export function parseOrThrow<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<ZodLikeIssue> } };
  },
  input: unknown,
  what: string,
): T {
  const unstorable = unstorableIssue(input);
  if (unstorable) {
    throw invalid(`${what}: ${unstorable.path ? `${unstorable.path}: ` : ""}${unstorable.message}`, [unstorable]);
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  const summary = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join("; ");
  throw invalid(`${what}: ${summary}`, issues);
}

/** Deeper than any automation or Stripe payload: past it a body is an attack on the parser, not data. */
export const MAX_JSON_DEPTH = 64;

// U+0000 and unpaired surrogates: PostgreSQL refuses them in text and jsonb (so the write would
// fail after validation, as a 500), and a string holding them is never meaningful input.
const UNSTORABLE_CHARACTER = /\u0000|\p{Cs}/u;

function unstorableText(text: string): string | null {
  const match = UNSTORABLE_CHARACTER.exec(text);
  if (!match) return null;
  return match[0] === "\u0000"
    ? "must not contain NUL (U+0000) characters"
    : "must not contain unpaired surrogates (text that is not valid Unicode)";
}

/**
 * The first place in a parsed JSON value that no database could store as it is — a NUL or an
 * unpaired surrogate in a string or a key, or nesting deeper than MAX_JSON_DEPTH — as an issue
 * with its dotted path; null when the value is storable. The same for SQLite and PostgreSQL, so an
 * input is accepted or refused alike on both.
 */
export function unstorableIssue(value: unknown, path: string[] = []): AppErrorIssue | null {
  const at = (message: string, key?: string) => ({
    path: (key === undefined ? path : [...path, key]).join("."),
    message,
  });
  if (typeof value === "string") {
    const problem = unstorableText(value);
    return problem ? at(problem) : null;
  }
  if (typeof value !== "object" || value === null) return null;
  if (path.length >= MAX_JSON_DEPTH) return at(`must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = unstorableText(key);
    if (keyProblem) return at(`keys ${keyProblem}`, key);
    const issue = unstorableIssue(item, [...path, key]);
    if (issue) return issue;
  }
  return null;
}

/**
 * An id no stored record can have (a NUL or half a surrogate pair, which PostgreSQL also refuses
 * in a query): answered as not found before the database is asked, by pages and API alike.
 */
export function isUnfindableId(id: string): boolean {
  return unstorableText(id) !== null;
}
