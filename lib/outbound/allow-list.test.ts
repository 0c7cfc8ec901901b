import { describe, expect, it } from "vitest";
import { allowListEntryProblem, isPrivateAddress, parseAllowList, privateUrlProblem } from "./allow-list";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "64:ff9b::a00:1",
    "[::1]",
  ])("%s is not public", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "54.187.174.169", "2600:1f18::1", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe("the allow list", () => {
  const allowList = parseAllowList(["127.0.0.1", "10.0.0.0/8", "billing.internal", "*.svc.cluster.local", "::1"]);

  it("allows what it names: an address, a range, a host name, a domain's hosts", () => {
    expect(allowList.allows("127.0.0.1")).toBe(true);
    expect(allowList.allows("10.200.3.4")).toBe(true);
    expect(allowList.allows("BILLING.internal")).toBe(true);
    expect(allowList.allows("ledger.payments.svc.cluster.local")).toBe(true);
    expect(allowList.allows("::1")).toBe(true);
    expect(allowList.allows("anything.example", "10.1.1.1")).toBe(true);
    expect(allowList.allows("127.0.0.2")).toBe(false);
    expect(allowList.allows("svc.cluster.local")).toBe(false);
    expect(allowList.allows("192.168.0.1")).toBe(false);
  });

  it("names what it cannot read", () => {
    expect(allowListEntryProblem("10.0.0.0/8")).toBeNull();
    expect(allowListEntryProblem("fd00::/8")).toBeNull();
    expect(allowListEntryProblem("*.internal")).toBeNull();
    expect(allowListEntryProblem("10.0.0.0/33")).toMatch(/not a CIDR range/);
    expect(allowListEntryProblem("http://x")).toMatch(/not a host name/);
    expect(allowListEntryProblem("a b")).toMatch(/not a host name/);
  });
});

describe("privateUrlProblem", () => {
  it("refuses a URL that names a private address or this machine, unless allowed", () => {
    const none = parseAllowList([]);
    expect(privateUrlProblem("http://127.0.0.1:8080/x", none)).toMatch(/127\.0\.0\.1 is a private or loopback address/);
    expect(privateUrlProblem("http://[::1]/x", none)).toMatch(/::1/);
    expect(privateUrlProblem("http://localhost:3000/x", none)).toMatch(/localhost/);
    expect(privateUrlProblem("http://app.localhost/x", none)).toMatch(/app\.localhost/);
    expect(privateUrlProblem("https://hooks.slack.com/services/T/B/x", none)).toBeNull();
    expect(privateUrlProblem("https://8.8.8.8/x", none)).toBeNull();
    expect(privateUrlProblem("http://127.0.0.1:8080/x", parseAllowList(["127.0.0.1"]))).toBeNull();
    expect(privateUrlProblem("http://localhost/x", parseAllowList(["localhost"]))).toBeNull();
  });
});
