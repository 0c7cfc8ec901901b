import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { LookupAddress, lookup as dnsLookup } from "node:dns";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list";
import { OutboundError, postOutbound } from "./post";

let server: Server;
let port: number;
const received: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push(body);
      response.writeHead(202, { "Retry-After": "5" }).end("accepted");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
});

/** A DNS that answers every name with these addresses (as a name that points inside the network would). */
function dnsAnswering(...addresses: string[]): typeof dnsLookup {
  const answer: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  return ((_host: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) => {
    callback(null, answer);
  }) as unknown as typeof dnsLookup;
}

const request = (url: string, overrides: Partial<Parameters<typeof postOutbound>[0]> = {}) =>
  postOutbound({ url, headers: {}, body: "hello", timeoutMs: 2000, allowList: parseAllowList([]), ...overrides });

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe("postOutbound", () => {
  it("refuses a name whose lookup answers a private address, before connecting", async () => {
    const before = received.length;
    const error = await refusal(
      request(`http://ledger.example.com:${port}/in`, { resolve: dnsAnswering("127.0.0.1") }),
    );
    expect(error.reason).toBe("refused");
    expect(error.message).toMatch(/ledger\.example\.com resolves to 127\.0\.0\.1.*OUTBOUND_ALLOW_LIST/);
    expect(received.length).toBe(before);
  });

  it("connects to the address the guarded lookup chose when the host is allowed", async () => {
    const response = await request(`http://ledger.internal:${port}/in`, {
      resolve: dnsAnswering("127.0.0.1"),
      allowList: parseAllowList(["ledger.internal"]),
    });
    expect(response).toMatchObject({ status: 202, text: "accepted", headers: { "retry-after": "5" } });
    expect(received.at(-1)).toBe("hello");
  });

  it("refuses a literal loopback address and localhost without asking DNS", async () => {
    expect((await refusal(request(`http://127.0.0.1:${port}/in`))).reason).toBe("refused");
    expect((await refusal(request(`http://localhost:${port}/in`))).reason).toBe("refused");
    expect((await refusal(request("file:///etc/passwd"))).reason).toBe("refused");
  });

  it("says a refused connection is one, so it may be retried", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await refusal(
      request(`http://127.0.0.1:${closedPort}/in`, { allowList: parseAllowList(["127.0.0.1"]) }),
    );
    expect(error.reason).toBe("connection");
  });
});
