/**
 * The one error type the domain throws for expected failures. Each entry point maps the code to
 * its own medium (lib/http/errors.ts for HTTP); anything else is a bug, logged and answered generically.
 */
export type AppErrorCode = "validation" | "not_found" | "conflict" | "unauthorized" | "forbidden" | "unavailable";

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

/** Validates input at the edge: the parsed value, or a validation AppError that names each field. */
export function parseOrThrow<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<ZodLikeIssue> } };
  },
  input: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  const summary = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join("; ");
  throw invalid(`${what}: ${summary}`, issues);
}
