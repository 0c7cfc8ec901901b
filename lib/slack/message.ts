// Slack messages in Block Kit, the format an incoming webhook takes: a `text` (what notifications
// and screen readers show) and `blocks` (what the channel shows). Slack refuses a whole message
// with `invalid_blocks` when one block breaks its limits, so every piece is cut to size here.

/** Slack's limits (api.slack.com/reference/block-kit/blocks). */
const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
  contextElements: 10,
} as const;

interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

interface Mrkdwn {
  type: "mrkdwn";
  text: string;
}

type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: "actions"; elements: Array<{ type: "button"; text: PlainText; url: string; action_id: string }> }
  | { type: "context"; elements: Mrkdwn[] }
  | { type: "divider" };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/**
 * Text from Stripe or a customer inside mrkdwn: &, < and > are Slack's control characters
 * (`<!channel>`, `<url|label>`), so a customer named "<!channel>" pings nobody.
 */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface SlackAlert {
  /** The header: plain text. */
  title: string;
  /** Written by the team (their mrkdwn stands as written); optional. */
  text?: string;
  /** Label and value pairs; values are escaped (they come from Stripe). */
  facts: Array<{ label: string; value: string }>;
  /** Buttons, http(s) only. */
  links: Array<{ label: string; url: string; id: string }>;
  /** A small line at the bottom (escaped). */
  footer?: string;
  /** What a notification says: plain text (escaped, since Slack reads `text` as mrkdwn too). */
  fallback: string;
}

export function slackAlert(alert: SlackAlert): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: cut(alert.title, SLACK_LIMITS.headerText), emoji: true } },
  ];
  if (alert.text?.trim()) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(alert.text, SLACK_LIMITS.sectionText) } });
  }
  const facts = alert.facts.slice(0, SLACK_LIMITS.fields);
  if (facts.length > 0) {
    blocks.push({
      type: "section",
      fields: facts.map((fact) => ({
        type: "mrkdwn",
        text: cut(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  const links = alert.links.filter(
    (link) => /^https?:\/\//.test(link.url) && link.url.length <= SLACK_LIMITS.buttonUrl,
  );
  if (links.length > 0) {
    blocks.push({
      type: "actions",
      elements: links.map((link) => ({
        type: "button",
        text: { type: "plain_text", text: cut(link.label, SLACK_LIMITS.buttonText) },
        url: link.url,
        action_id: link.id,
      })),
    });
  }
  if (alert.footer) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: cut(escapeMrkdwn(alert.footer), SLACK_LIMITS.sectionText) }],
    });
  }
  return { text: cut(escapeMrkdwn(alert.fallback), SLACK_LIMITS.sectionText), blocks };
}
