import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

function headerValue(name: string, options?: { development?: boolean }): string | undefined {
  return securityHeaders(options).find((header) => header.key.toLowerCase() === name.toLowerCase())?.value;
}

describe("securityHeaders", () => {
  it("sends each header once, with the values the app is built for", () => {
    const headers = securityHeaders();
    const names = headers.map((header) => header.key.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(headerValue("X-Content-Type-Options")).toBe("nosniff");
    expect(headerValue("Referrer-Policy")).toBe("same-origin");
    expect(headerValue("X-Frame-Options")).toBe("DENY");
    expect(headerValue("Permissions-Policy")).toBe("camera=(), microphone=(), geolocation=()");
    expect(headerValue("Content-Security-Policy")).toBe(contentSecurityPolicy());
  });

  it("keeps everything on this origin and refuses to be framed", () => {
    const csp = directivesOf(contentSecurityPolicy());
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
  });

  it("allows eval only for the development server", () => {
    expect(directivesOf(contentSecurityPolicy()).get("script-src")).not.toContain("'unsafe-eval'");
    expect(directivesOf(contentSecurityPolicy({ development: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(headerValue("Content-Security-Policy", { development: true })).toContain("'unsafe-eval'");
  });

  it("writes a policy a browser can parse: no newlines, no empty directives, no other origins", () => {
    for (const development of [false, true]) {
      const policy = contentSecurityPolicy({ development });
      expect(policy).not.toMatch(/[\r\n]/);
      for (const [name, sources] of directivesOf(policy)) {
        expect(name).toMatch(/^[a-z-]+$/);
        expect(sources.length).toBeGreaterThan(0);
        for (const source of sources) expect(source).toMatch(/^('[a-z-]+'|data:)$/);
      }
    }
  });

  it("returns a fresh list each time, so a caller cannot change another's headers", () => {
    const first = securityHeaders();
    first.pop();
    expect(securityHeaders()).toHaveLength(first.length + 1);
  });
});
