// The kinds of named destination, shared by the editor (which lists them) and the server.

export const DESTINATION_KINDS = ["slack", "http"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_KIND_LABELS: Record<DestinationKind, string> = {
  slack: "Slack incoming webhook",
  http: "HTTP endpoint (signed events)",
};

/** What the editor knows of a destination: enough to offer it, nothing secret. */
export interface DestinationChoice {
  name: string;
  kind: DestinationKind;
}

/**
 * A URL as it may be shown or logged. A Slack webhook URL is the credential itself (its path is
 * the token), so only its host is shown; any other URL loses credentials and query.
 */
export function describeDestinationUrl(kind: DestinationKind, url: string): string {
  try {
    const u = new URL(url);
    if (kind === "slack") return `${u.protocol}//${u.host}/…${u.pathname.slice(-4)}`;
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
