// A real SMTP server on 127.0.0.1 for tests: accepts any sender, recipient and login (no TLS),
// keeps every message, parsed just enough to assert on (headers, addresses, text and HTML body),
// and lets a test wait for the message it expects instead of sleeping.
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";

interface ReceivedMail {
  /** The SMTP envelope: MAIL FROM and every RCPT TO (Bcc recipients included). */
  envelope: { from: string | null; to: string[] };
  /** Header names lower-cased; folded lines joined; RFC 2047 words decoded; repeats joined with ", ". */
  headers: Record<string, string>;
  /** The From header, decoded ("Billing Automations <billing@example.com>"). */
  from: string;
  /** Addresses from the To and Cc headers. */
  to: string[];
  cc: string[];
  subject: string;
  /** As in the header, angle brackets included ("<…@…>"); null when absent. */
  messageId: string | null;
  /** The text/plain body (decoded), or null. */
  text: string | null;
  /** The text/html body (decoded), or null. */
  html: string | null;
  /** The whole message as received (after SMTP dot-unstuffing). */
  raw: string;
  /** The login the client used, if it logged in. */
  auth: { username: string } | null;
  receivedAt: Date;
}

interface WaitForOptions {
  /** Default 5000. */
  timeoutMs?: number;
}

export interface FakeSmtp {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** smtp://127.0.0.1:PORT — the value for SMTP_URL. */
  readonly url: string;
  /** Every message accepted, in arrival order. */
  readonly messages: ReceivedMail[];
  /**
   * Resolves with the first message (already received or still to come) the predicate accepts;
   * rejects after the timeout, listing what did arrive.
   */
  waitFor(predicate: (mail: ReceivedMail) => boolean, options?: WaitForOptions): Promise<ReceivedMail>;
  /** The next `times` messages are refused at DATA with `code` (default 451, a temporary failure). */
  failNext(times?: number, code?: number, message?: string): void;
  close(): Promise<void>;
}

/** The same server under the name the integration harness uses. */
export type SmtpTestServer = FakeSmtp;

export async function startSmtpServer(options: { port?: number } = {}): Promise<FakeSmtp> {
  const messages: ReceivedMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let failures: { remaining: number; code: number; message: string } = { remaining: 0, code: 451, message: "" };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    // Pooled clients keep idle connections open; do not let them hold close() for long.
    closeTimeout: 250,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", () => {
        if (failures.remaining > 0) {
          failures.remaining -= 1;
          const error = new Error(failures.message) as Error & { responseCode: number };
          error.responseCode = failures.code;
          callback(error);
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        const user = (session as { user?: unknown }).user;
        const mail = parseMail(Buffer.concat(chunks), {
          envelope: {
            from: mailFrom ? mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          auth: typeof user === "string" ? { username: user } : null,
        });
        messages.push(mail);
        arrivals.emit("mail", mail);
        callback(null, "Message accepted");
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Errors after start (a client hanging up mid-command) are the client's business, not the test's.
  server.on("error", () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | null = null;

  return {
    host: "127.0.0.1",
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, { timeoutMs = 5_000 } = {}) {
      return new Promise<ReceivedMail>((resolve, reject) => {
        let settled = false;
        const settle = (outcome: () => void) => {
          settled = true;
          clearTimeout(timer);
          arrivals.off("mail", onMail);
          outcome();
        };
        const onMail = (mail: ReceivedMail) => {
          if (settled) return;
          try {
            if (predicate(mail)) settle(() => resolve(mail));
          } catch (error) {
            settle(() => reject(error instanceof Error ? error : new Error(String(error))));
          }
        };
        const timer = setTimeout(() => {
          const seen =
            messages.length === 0
              ? "none"
              : messages.map((m) => `"${m.subject}" to ${m.envelope.to.join(", ")}`).join("; ");
          settle(() =>
            reject(
              new Error(`SMTP: no matching message within ${timeoutMs} ms (received ${messages.length}: ${seen})`),
            ),
          );
        }, timeoutMs);
        arrivals.on("mail", onMail);
        // Messages that arrived before the call count too.
        for (const mail of [...messages]) onMail(mail);
      });
    },
    failNext(times = 1, code = 451, message = "Temporary failure, try again later") {
      failures = { remaining: times, code, message };
    },
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Minimal MIME parsing (mailparser is not a dependency): headers, multipart, QP/base64, charsets.

interface MailContext {
  envelope: ReceivedMail["envelope"];
  auth: ReceivedMail["auth"];
}

function parseMail(rawBytes: Buffer, context: MailContext): ReceivedMail {
  // latin1 keeps one char per byte, so 8-bit parts can be re-decoded with their own charset.
  const binary = rawBytes.toString("latin1");
  const { headers, body } = splitEntity(binary);
  const bodies: { text: string | null; html: string | null } = { text: null, html: null };
  collectBodies(headers, body, bodies);
  const from = headers.from ?? "";
  return {
    envelope: context.envelope,
    headers,
    from,
    to: parseAddresses(headers.to ?? ""),
    cc: parseAddresses(headers.cc ?? ""),
    subject: headers.subject ?? "",
    messageId: headers["message-id"]?.trim() ?? null,
    text: bodies.text,
    html: bodies.html,
    raw: rawBytes.toString("utf8"),
    auth: context.auth,
    receivedAt: new Date(),
  };
}

function splitEntity(binary: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(binary);
  const headerBlock = match ? binary.slice(0, match.index) : binary;
  const body = match ? binary.slice(match.index + match[0].length) : "";
  const headers: Record<string, string> = {};
  // Unfold: a line starting with whitespace continues the previous header.
  const unfolded = headerBlock.replace(/\r?\n(?=[ \t])/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeWords(bytesToUtf8(line.slice(colon + 1).trim()));
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { headers, body };
}

function collectBodies(
  headers: Record<string, string>,
  body: string,
  out: { text: string | null; html: string | null },
): void {
  const contentType = parseHeaderValue(headers["content-type"] ?? "text/plain");
  const type = contentType.value.toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = contentType.params.boundary;
    if (!boundary) return;
    for (const part of splitMultipart(body, boundary)) {
      const entity = splitEntity(part);
      collectBodies(entity.headers, entity.body, out);
    }
    return;
  }
  const disposition = parseHeaderValue(headers["content-disposition"] ?? "").value.toLowerCase();
  if (disposition === "attachment") return;
  const decoded = decodeBody(
    body,
    headers["content-transfer-encoding"] ?? "7bit",
    contentType.params.charset ?? "utf-8",
  );
  if (type === "text/plain" && out.text === null) out.text = decoded;
  else if (type === "text/html" && out.html === null) out.html = decoded;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === `${delimiter}--`) {
      if (current) parts.push(current.join("\r\n"));
      return parts;
    }
    if (line === delimiter) {
      if (current) parts.push(current.join("\r\n"));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join("\r\n"));
  return parts;
}

function decodeBody(body: string, transferEncoding: string, charset: string): string {
  const encoding = transferEncoding.trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === "base64") {
    bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  } else if (encoding === "quoted-printable") {
    bytes = decodeQuotedPrintable(body.replace(/=\r?\n/g, ""));
  } else {
    bytes = Buffer.from(body, "latin1");
  }
  // A body ends with the line break before the next boundary or the end of DATA.
  return decodeCharset(bytes, charset).replace(/\r\n/g, "\n").replace(/\n$/, "");
}

function decodeQuotedPrintable(input: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const char = input.charCodeAt(i);
    const hex = input.slice(i + 1, i + 3);
    if (char === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

function bytesToUtf8(binary: string): string {
  return Buffer.from(binary, "latin1").toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); whitespace between two of them is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, "$1")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_match, charset: string, kind: string, text: string) => {
      const bytes =
        kind.toUpperCase() === "B" ? Buffer.from(text, "base64") : decodeQuotedPrintable(text.replace(/_/g, " "));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ""));
    });
}

function parseHeaderValue(header: string): { value: string; params: Record<string, string> } {
  const [value = "", ...rest] = splitOutsideQuotes(header, ";");
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    params[name] = v;
  }
  return { value: value.trim(), params };
}

/** "Ops <ops@example.com>, \"Doe, J\" <j@example.com>, x@example.com" → the three addresses. */
export function parseAddresses(header: string): string[] {
  return splitOutsideQuotes(header, ",")
    .map((part) => {
      const angle = /<([^>]*)>/.exec(part);
      return (angle ? (angle[1] ?? "") : part).trim();
    })
    .filter((address) => address.includes("@"));
}

function splitOutsideQuotes(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < input.length; i++) {
    const char = input[i] ?? "";
    if (char === "\\" && quoted) {
      current += char + (input[i + 1] ?? "");
      i += 1;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "<") angle += 1;
    else if (!quoted && char === ">") angle = Math.max(0, angle - 1);
    if (char === separator && !quoted && angle === 0) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
