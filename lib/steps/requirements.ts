import type { AppErrorIssue } from "@/lib/errors";
import type { RunnableContext } from "./definition";

/** An email step needs SMTP_URL — except in dry-run, which records the email instead. */
export function needsSmtp(action: string, ctx: RunnableContext, at: string): AppErrorIssue[] {
  return ctx.smtpConfigured || ctx.dryRun
    ? []
    : [
        {
          path: at,
          message: `this step (${action}) sends email, and SMTP_URL is not set on this server: set it (e.g. smtp://user:pass@mail.example.com:587) and restart, or remove the step`,
        },
      ];
}
