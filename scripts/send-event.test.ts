import { execFile } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

/** The script as a person runs it, with its exit code and both streams. */
async function sendEvent(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/send-event.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, STRIPE_WEBHOOK_SECRET: "whsec_test" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm run send-event", () => {
  it("lists its types and every option in --help", async () => {
    const help = await sendEvent("--help");
    expect(help.code).toBe(0);
    for (const text of ["invoice.payment_failed", "--amount", "--interval-count", "--due-in-days", "--url"]) {
      expect(help.stdout).toContain(text);
    }
  });

  it("says which URL it could not reach, and how to fix it", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const sent = await sendEvent("invoice.paid", "--url", url);
    expect(sent.code).toBe(1);
    expect(sent.stderr).toContain(`could not reach ${url}/api/webhooks/stripe (ECONNREFUSED)`);
    expect(sent.stderr).toContain("npm run dev");
  });

  it("names an unknown type and shows the usage", async () => {
    const unknown = await sendEvent("invoice.nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown type "invoice.nope"');
    expect(unknown.stderr).toContain("options:");
  });
});
