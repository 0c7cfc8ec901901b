import { z } from "zod";
import { teamEmail } from "@/lib/email/templates";
import { listInWords } from "@/lib/format/words";
import { stripeDashboardUrl } from "@/lib/stripe/dashboard-url";
import { TRIGGERS } from "@/lib/triggers";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineAction, permanentError } from "../definition";
import { deliverEmail, describeEmailResult, summaryOf } from "../email";
import { needsSmtp } from "../requirements";

const params = strictFields(
  {
    to: z
      .array(z.email({ error: "to must contain email addresses" }), { error: "to must be a list of email addresses" })
      .min(1, { error: "to must list at least one address (leave it out to use the team emails in settings)" })
      .optional(),
    memo: z
      .string({ error: "memo must be text" })
      .max(2000, { error: "memo must be at most 2000 characters" })
      .optional(),
  },
  "send_team_email params",
);

export const sendTeamEmail = defineAction({
  label: "Send team email",
  description: "Email a memo and the event's details to internal addresses.",
  params,
  triggers: TRIGGERS,
  fields: [
    {
      kind: "emails",
      name: "to",
      label: "Recipients",
      placeholder: "ops@example.com",
      itemName: "recipient",
      hint: (defaults) =>
        defaults.teamEmails.length > 0
          ? `Press Enter or comma after each address. Leave empty to use the team emails in settings (${defaults.teamEmails.join(", ")}).`
          : "Press Enter or comma after each address. Leave empty to use the team emails in settings (none set yet).",
    },
    {
      kind: "text",
      name: "memo",
      label: "Memo",
      hint: "Sent with the trigger's details (invoice, customer, amount). Optional.",
      rows: 3,
      maxLength: 2000,
    },
  ],
  describe: (p, label) => (p?.to ? `${label} to ${listInWords(p.to)}` : `${label} to the team addresses in settings`),
  describeResult: describeEmailResult,
  requires(p, ctx, at) {
    const recipients =
      p?.to || ctx.settings.teamEmails.length > 0
        ? []
        : [
            {
              path: `${at}.params.to`,
              message: "nobody to write to: list the recipients here, or set the team emails in Settings",
            },
          ];
    return [...needsSmtp("send_team_email", ctx, at), ...recipients];
  },
  checksInvoice: true,
  async execute(ctx, p) {
    const to = p.to ?? (await ctx.settings()).teamEmails;
    if (!to.length)
      throw permanentError("no recipients: list them in the step (to) or set the team emails in settings");
    const email = teamEmail({
      memo: p.memo ?? "",
      trigger: ctx.run.trigger,
      automationName: ctx.run.automationName,
      object: summaryOf(ctx.run.context),
    });
    return deliverEmail(ctx, {
      to,
      email,
      purpose: "team email",
      extra: { link: stripeDashboardUrl(ctx.run.context) },
    });
  },
});
