import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E, SECRETS_SERVER } from "../playwright.config";
import { recordFigures } from "../test/support/figures";
import { SECRETS, secretsIn, sessionTokens } from "./support";

// Runs after every other test of the run (the teardown of the "setup" project), whichever spec files
// ran: everything the servers printed, from the build to the last request, holds no secret.
test("the servers' logs of the whole run hold no secret", () => {
  expect(existsSync(E2E.serverLog), `${E2E.serverLog}: the server's log is captured (playwright.config.ts)`).toBe(true);
  const sessions = Object.fromEntries(
    sessionTokens().map((token, index) => [`the admin's session cookie ${index}`, token]),
  );
  const logs: Array<[string, Record<string, string>]> = [
    [E2E.serverLog, { ...SECRETS, ...sessions }],
    [SECRETS_SERVER.log, SECRETS_SERVER.secrets],
  ];
  let lines = 0;
  let lookedFor = 0;
  const found: string[] = [];
  for (const [file, secrets] of logs) {
    if (!existsSync(file)) continue;
    const log = readFileSync(file, "utf8");
    lines += log.split("\n").length;
    lookedFor += Object.keys(secrets).length;
    found.push(...secretsIn(log, secrets).map((secret) => `${file}: ${secret}`));
  }
  recordFigures("access", "e2e-server-log", {
    title: "The servers' logs of a whole browser-test run",
    database: "Chromium + npm start (SQLite)",
    figures: {
      "log lines scanned": lines,
      "secrets looked for": lookedFor,
      "secrets found in the logs": found.length,
    },
  });
  expect(found).toEqual([]);
});
