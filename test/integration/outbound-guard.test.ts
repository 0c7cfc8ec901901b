// The engine sends where automations say, and automations are typed by people: without a guard,
// a step could reach the cloud's metadata service or a database port on this network. Private,
// loopback and link-local addresses are refused at save — here, on a server that allows none.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness";

type Issues = { error: { message: string; issues?: Array<{ path: string; message: string }> } };

let closed: Harness;
beforeAll(async () => {
  closed = await startHarness({ env: { OUTBOUND_ALLOW_LIST: "" } });
});
afterAll(async () => {
  await closed.close();
});

it("refuses private and loopback addresses unless OUTBOUND_ALLOW_LIST names them", async () => {
  for (const url of ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://localhost/x"]) {
    const refused = (await (
      await closed.api("POST", "/api/destinations", { name: "internal", kind: "http", url })
    ).json()) as Issues;
    expect(refused.error.issues).toEqual([
      { path: "url", message: expect.stringMatching(/private or loopback address.*OUTBOUND_ALLOW_LIST/) },
    ]);
  }
  const step = await closed.api("POST", "/api/automations", {
    name: "Metadata service",
    trigger: "invoice_overdue",
    conditions: [],
    steps: [{ type: "action", action: "send_http_request", params: { url: "http://169.254.169.254/latest" } }],
  });
  expect(step.status).toBe(400);
  expect(((await step.json()) as Issues).error.issues?.[0]?.path).toBe("steps.0.params.url");
  expect(await closed.database.db.destination.count()).toBe(0);
  expect(await closed.database.db.automation.count()).toBe(0);
});

it("refuses a settings webhook endpoint on a private address, naming it", async () => {
  const response = await closed.api("PUT", "/api/settings", {
    webhookEndpoints: ["https://hooks.example.com/ok", "http://192.168.1.10/hook"],
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as Issues).error.issues).toEqual([
    { path: "webhookEndpoints.1", message: expect.stringMatching(/192\.168\.1\.10 is a private or loopback address/) },
  ]);
  expect(await closed.database.db.settings.count()).toBe(0);
});
