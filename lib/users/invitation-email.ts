import { actorLabel, type Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { escapeHtml, type RenderedEmail } from "@/lib/email/templates";

/** The one-time link to join the team, as plain text and HTML. */
export function invitationEmail(input: { link: string; role: Role; invitedBy: Actor; expiresAt: Date }): RenderedEmail {
  const by = actorLabel(input.invitedBy);
  const until = input.expiresAt.toUTCString();
  return {
    subject: "You are invited to Billing Automations",
    text: [
      `${by} invited you to Billing Automations as ${input.role}.`,
      "",
      `Choose your password here (the link works once, until ${until}):`,
      input.link,
    ].join("\n"),
    html: [
      `<p>${escapeHtml(by)} invited you to Billing Automations as <strong>${escapeHtml(input.role)}</strong>.</p>`,
      `<p><a href="${escapeHtml(input.link)}">Choose your password</a> (the link works once, until ${escapeHtml(until)}).</p>`,
    ].join("\n"),
  };
}
