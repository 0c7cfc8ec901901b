import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { toJson } from "@/lib/db/json";

export const OVERDUE_CHECK = "check_overdue";
const jobKey = (invoiceId: string) => `overdue:${invoiceId}`;

/** The job's payload: the invoice as the finalized event carried it (dry-run checks that instead of Stripe). */
export const overdueCheckPayloadSchema = z.object({
  invoiceId: z.string(),
  invoice: z.record(z.string(), z.unknown()),
  outcome: z.string().optional(),
});

/**
 * Stripe emits invoice.overdue only for its own automations, so the engine schedules the check
 * itself when a send_invoice invoice is finalized: at the due date it re-reads the invoice and, if
 * it is still open, fires invoice_overdue. A moved due date moves the check.
 */
export async function scheduleOverdueCheck(db: Db | Tx, input: { invoiceId: string; at: Date; invoice: unknown }) {
  const payload = toJson({ invoiceId: input.invoiceId, invoice: input.invoice });
  // A check that already ran (or was canceled) stays as it is; a pending one follows the new due date.
  const { count } = await db.job.updateMany({
    where: { key: jobKey(input.invoiceId), status: "pending" },
    data: { runAt: input.at, payload },
  });
  if (count > 0) return;
  await db.job.upsert({
    where: { key: jobKey(input.invoiceId) },
    create: { kind: OVERDUE_CHECK, key: jobKey(input.invoiceId), payload, runAt: input.at },
    update: {},
  });
}

export async function cancelOverdueCheck(db: Db | Tx, invoiceId: string): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { key: jobKey(invoiceId), status: "pending" },
    data: { status: "canceled", finishedAt: new Date() },
  });
  return count > 0;
}
