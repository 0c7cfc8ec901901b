// A Slack incoming webhook on this machine that answers as Slack does: "ok" for a message Slack
// would post, and Slack's own errors otherwise — 404 no_service for a URL it never issued, 400
// invalid_payload for a body that is not JSON, no_text for a message with neither text nor blocks,
// invalid_blocks for a block that breaks Block Kit's rules (unknown type or field, text over its
// limit, too many fields or blocks). A kinder server would let a malformed message pass here and
// fail in a real workspace.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface SlackPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed message, when it was one Slack would post. */
  message: { text?: string; blocks?: Array<Record<string, unknown>> } | null;
  /** What the server answered. */
  status: number;
  answer: string;
}

export interface FakeSlack {
  /** An incoming-webhook URL that the server knows (a fresh one per call). */
  issueWebhookUrl(): string;
  /** The webhook URLs Slack would refuse with no_service. */
  unknownWebhookUrl(): string;
  posts: SlackPost[];
  /** Posted messages only (answered ok). */
  messages(): NonNullable<SlackPost["message"]>[];
  /** The next request is answered with this status and body (and headers) instead. */
  failNext(status: number, body: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function textObjectProblem(value: unknown, max: number, allowed: readonly string[]): string | null {
  if (!isObject(value)) return "text object expected";
  if (!allowed.includes(String(value.type))) return `text type must be ${allowed.join(" or ")}`;
  if (typeof value.text !== "string" || value.text.length === 0) return "text must be a non-empty string";
  if (value.text.length > max) return `text longer than ${max}`;
  const extra = Object.keys(value).filter((key) => !["type", "text", "emoji", "verbatim"].includes(key));
  return extra.length ? `unknown fields ${extra.join(", ")}` : null;
}

function onlyKeys(block: Json, keys: readonly string[]): string | null {
  const extra = Object.keys(block).filter((key) => ![...keys, "type", "block_id"].includes(key));
  return extra.length ? `unknown fields ${extra.join(", ")}` : null;
}

/** Why Block Kit refuses a block, or null (api.slack.com/reference/block-kit/blocks). */
function blockProblem(block: unknown): string | null {
  if (!isObject(block)) return "a block must be an object";
  switch (block.type) {
    case "header":
      return onlyKeys(block, ["text"]) ?? textObjectProblem(block.text, 150, ["plain_text"]);
    case "divider":
      return onlyKeys(block, []);
    case "section": {
      const keys = onlyKeys(block, ["text", "fields", "accessory"]);
      if (keys) return keys;
      if (block.text === undefined && block.fields === undefined) return "a section needs text or fields";
      if (block.text !== undefined) {
        const problem = textObjectProblem(block.text, 3000, ["plain_text", "mrkdwn"]);
        if (problem) return problem;
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0 || block.fields.length > 10) {
          return "fields must hold 1 to 10 text objects";
        }
        for (const field of block.fields) {
          const problem = textObjectProblem(field, 2000, ["plain_text", "mrkdwn"]);
          if (problem) return problem;
        }
      }
      return null;
    }
    case "actions": {
      const keys = onlyKeys(block, ["elements"]);
      if (keys) return keys;
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) {
        return "elements must hold 1 to 25 elements";
      }
      const ids = new Set<string>();
      for (const element of block.elements) {
        if (!isObject(element) || element.type !== "button") return "only buttons are checked here";
        const problem = textObjectProblem(element.text, 75, ["plain_text"]);
        if (problem) return problem;
        if (element.url !== undefined && (typeof element.url !== "string" || element.url.length > 3000)) {
          return "url must be a string of at most 3000 characters";
        }
        if (typeof element.action_id === "string") {
          if (ids.has(element.action_id)) return "action_id must be unique in a block";
          ids.add(element.action_id);
        }
      }
      return null;
    }
    case "context": {
      const keys = onlyKeys(block, ["elements"]);
      if (keys) return keys;
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) {
        return "elements must hold 1 to 10 elements";
      }
      for (const element of block.elements) {
        const problem = textObjectProblem(element, 3000, ["plain_text", "mrkdwn"]);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return `unknown block type ${String(block.type)}`;
  }
}

export async function startSlackServer(): Promise<FakeSlack> {
  const issued = new Set<string>();
  const posts: SlackPost[] = [];
  let failure: { status: number; body: string; headers: Record<string, string> } | null = null;
  let serial = 0;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = request.url ?? "/";
      const answer = (
        status: number,
        text: string,
        headers: Record<string, string> = {},
        message: SlackPost["message"] = null,
      ) => {
        posts.push({ path, headers: request.headers, body, message, status, answer: text });
        response.writeHead(status, { "Content-Type": "text/html", ...headers }).end(text);
      };
      if (failure) {
        const { status, body: text, headers } = failure;
        failure = null;
        return answer(status, text, headers);
      }
      if (request.method !== "POST") return answer(405, "invalid_method");
      if (!issued.has(path)) return answer(404, "no_service");
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return answer(400, "invalid_payload");
      }
      if (!isObject(parsed)) return answer(400, "invalid_payload");
      const { text, blocks } = parsed;
      const hasText = typeof text === "string" && text.trim() !== "";
      if (!hasText && blocks === undefined) return answer(400, "no_text");
      if (blocks !== undefined) {
        if (!Array.isArray(blocks) || blocks.length > 50) return answer(400, "invalid_blocks");
        if (blocks.some((block) => blockProblem(block) !== null)) return answer(400, "invalid_blocks");
      }
      return answer(200, "ok", {}, parsed as SlackPost["message"]);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    issueWebhookUrl() {
      serial += 1;
      const path = `/services/T0000TEST/B${String(serial).padStart(8, "0")}/${"x".repeat(8)}${serial}secret`;
      issued.add(path);
      return `${base}${path}`;
    },
    unknownWebhookUrl: () => `${base}/services/T0000TEST/B99999999/revoked`,
    posts,
    messages: () => posts.flatMap((post) => (post.status === 200 && post.message ? [post.message] : [])),
    failNext(status, body, headers = {}) {
      failure = { status, body, headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
