// One POST to a URL an automation names, with the private-address guard applied where it cannot
// be dodged: to the address the connection is actually made to, after the DNS lookup (a name that
// resolves to 10.0.0.5, or that answers differently on a second lookup, is judged by the address
// used). node:http is used rather than fetch because it lets the lookup be ours.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { isLocalHostName, isPrivateAddress, type AllowList } from "./allow-list";

/** The most of a response body kept (for an error message); the rest is read and dropped. */
const MAX_RESPONSE_TEXT = 16 * 1024;

export interface OutboundRequest {
  /** http(s), without credentials (send those in headers). */
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowList: AllowList;
  /** The DNS lookup (node:dns by default; tests give names the answers they need). */
  resolve?: typeof dnsLookup;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The start of the body (at most 16 KiB). */
  text: string;
}

/** Why a request failed before any answer: refused by the guard, timed out, or no connection. */
export class OutboundError extends Error {
  constructor(
    message: string,
    /** "refused": the guard said no (retrying cannot help); the others may pass on a retry. */
    readonly reason: "refused" | "timeout" | "connection",
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

function refusal(host: string, address: string): OutboundError {
  return new OutboundError(
    `${host} resolves to ${address}, a private or loopback address, which the engine does not send to: add the host or address to OUTBOUND_ALLOW_LIST on the server to allow it`,
    "refused",
  );
}

/** A DNS lookup that only ever hands the connection an address the allow list permits. */
function guardedLookup(allowList: AllowList, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const usable = addresses.filter(
        (entry) => !isPrivateAddress(entry.address) || allowList.allows(hostname, entry.address),
      );
      const first = usable[0];
      if (!first) return callback(refusal(hostname, addresses[0]?.address ?? "no address"), "", 0);
      if (options.all) return callback(null, usable as unknown as string, 0);
      return callback(null, first.address, first.family);
    });
  };
}

/** The guard for a URL that names its address itself (no lookup happens for those). */
function checkLiteralHost(url: URL, allowList: AllowList): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) && isPrivateAddress(host) && !allowList.allows(host)) throw refusal(host, host);
  if (isLocalHostName(host) && !allowList.allows(host)) throw refusal(host, "this machine");
}

export async function postOutbound(input: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(input.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundError(`only http(s) URLs can be sent to, got ${url.protocol}`, "refused");
  }
  checkLiteralHost(url, input.allowList);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = send(
      url,
      {
        method: "POST",
        headers: { ...input.headers, "Content-Length": String(Buffer.byteLength(input.body)) },
        lookup: guardedLookup(input.allowList, input.resolve ?? dnsLookup),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept >= MAX_RESPONSE_TEXT) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on("end", () => {
          clearTimeout(deadline);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE_TEXT),
          });
        });
        response.on("error", (error) => reject(new OutboundError(error.message, "connection")));
      },
    );
    // One deadline for the whole exchange (a socket timeout would let a receiver trickle forever).
    const deadline = setTimeout(
      () => request.destroy(new OutboundError(`no answer within ${input.timeoutMs} ms`, "timeout")),
      input.timeoutMs,
    );
    request.on("error", (error) => {
      clearTimeout(deadline);
      if (error instanceof OutboundError) return reject(error);
      reject(new OutboundError(error.message, "connection"));
    });
    request.end(input.body);
  });
}
