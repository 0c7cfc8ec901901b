import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./cross-site";

const headers = (values: Record<string, string>) => new Headers(values);
const own = { host: "127.0.0.1:3000", "x-forwarded-host": "127.0.0.1:3000" };

describe("cross-site writes", () => {
  it("lets a page of this origin write", () => {
    const request = headers({ ...own, origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" });
    expect(isCrossSiteWrite("POST", request)).toBe(false);
  });

  it("refuses a write from another origin, a sibling subdomain, or an opaque origin", () => {
    expect(isCrossSiteWrite("POST", headers({ ...own, origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ ...own, "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ ...own, "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ ...own, origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ ...own, origin: "http://127.0.0.1:3001" }))).toBe(true);
  });

  it("behind a proxy, compares with the host the browser reached (X-Forwarded-Host)", () => {
    const proxied = { host: "127.0.0.1:3000", "x-forwarded-host": "billing.example.com" };
    expect(isCrossSiteWrite("POST", headers({ ...proxied, origin: "https://billing.example.com" }))).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ ...proxied, origin: "https://evil.example" }))).toBe(true);
  });

  it("never refuses a read, nor a request that no browser page sent", () => {
    expect(isCrossSiteWrite("GET", headers({ ...own, origin: "https://evil.example" }))).toBe(false);
    expect(isCrossSiteWrite("HEAD", headers({ ...own, "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isCrossSiteWrite("POST", headers(own))).toBe(false);
  });
});
