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
