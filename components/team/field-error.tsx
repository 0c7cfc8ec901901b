import type { AppErrorIssue } from "@/lib/errors";

/** What a failed action answered, for a form to place beside its fields. */
export type Failure = { error: string; issues?: AppErrorIssue[] };

/** The messages of the issues about one field. */
export const issueAt = (failure: Failure | null, path: string): string[] =>
  failure?.issues?.filter((issue) => issue.path === path).map((issue) => issue.message) ?? [];

/** The error when no field of the form is named by it (SMTP not set, already a user). */
export function unplacedError(failure: Failure | null, paths: readonly string[]): string | null {
  if (!failure) return null;
  return paths.some((path) => issueAt(failure, path).length > 0) ? null : failure.error;
}

export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {messages.join(" ")}
    </p>
  );
}
