// Every Stripe payload the repository holds (lib/samples/fixtures), delivered through the webhook
// route as Stripe would sign it: each is answered 2xx. The types the engine acts on are stored and
// processed without a failure; every other type is acknowledged unread and stored nowhere — its
// object may have no id at all (invoice.upcoming, balance.available), and Stripe retries a non-2xx
// for three days before it flags the endpoint.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHandledEventType } from "../../lib/events/stripe-event";
import { BASIL_API_VERSION } from "../../lib/samples/sample-events";
import { startHarness, waitForProcessed, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const FIXTURES = path.resolve(__dirname, "../../lib/samples/fixtures");
type Json = Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as Json;
const files = (folder: string) =>
  readdirSync(path.join(FIXTURES, folder))
    .filter((name) => name.endsWith(".json"))
    .map((name) => `${folder}/${name}`);

let serial = 0;
/** An envelope as Stripe sends it around a bare object. */
function envelope(type: string, object: Json, apiVersion: string | null = "2026-07-29.dahlia"): Json {
  serial += 1;
  return {
    id: `evt_fixture_${serial}`,
    object: "event",
    api_version: apiVersion,
    created: h.clock.nowSeconds(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The type of event Stripe sends an object of this resource in (what matters is handled or not). */
function typeFor(resource: string, object: Json): string {
  if (resource === "balance") return "balance.available";
  if (resource === "invoice") return "invoice.updated";
  const name = String(object.object);
  if (name === "subscription") return "customer.subscription.updated";
  return resource.startsWith("deleted_") ? `${name}.deleted` : `${name}.updated`;
}

/** Every delivery the fixtures make, labelled by where it came from. */
function deliveries(): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  // Recorded envelopes, exactly as captured.
  for (const file of files("stripe-sync-engine")) out.push([file, read(file)]);
  // pay-rails keeps only the event's data member: Stripe's basil envelope around it.
  const payRails = read("pay-rails/invoice.payment_failed.json");
  out.push([
    "pay-rails/invoice.payment_failed.json",
    {
      ...envelope("invoice.payment_failed", payRails.object as Json, BASIL_API_VERSION),
      data: payRails,
      livemode: true,
    },
  ]);
  // Stripe's only generated event, as it is (api_version null).
  out.push(["openapi/event.json", read("openapi/event.json")]);
  // Each generated resource, in the event Stripe would carry it in.
  const { resources } = read("openapi/fixtures3.json") as { resources: Record<string, Json> };
  for (const [resource, object] of Object.entries(resources)) {
    out.push([`openapi/fixtures3.json#${resource}`, envelope(typeFor(resource, object), object)]);
  }
  for (const file of files("openapi").filter((name) => !/(fixtures3|event)\.json$/.test(name))) {
    const resource = path.basename(file, ".json");
    const object = read(file);
    out.push([file, envelope(typeFor(resource, object), object)]);
  }
  // What a bare `stripe listen` forwards with an object that has no id.
  const { id: _id, ...upcoming } = read("openapi/invoice.json");
  out.push(["invoice.upcoming (an invoice without an id)", envelope("invoice.upcoming", upcoming)]);
  return out;
}

describe("every Stripe fixture in the repository through POST /api/webhooks/stripe", () => {
  it("answers each 2xx; stores and processes the types the engine acts on, and only those", async () => {
    const all = deliveries();
    const stored: string[] = [];
    const refused: string[] = [];
    for (const [label, event] of all) {
      const response = await h.deliver(event);
      const body = (await response.json()) as { status?: string; error?: { message: string } };
      if (response.status !== 200) {
        refused.push(`${label}: ${response.status} ${body.error?.message ?? ""}`);
        continue;
      }
      const type = String(event.type);
      expect(body.status, label).toEqual(
        isHandledEventType(type) ? expect.stringMatching(/stored|duplicate/) : "ignored",
      );
      if (body.status === "stored") stored.push(String(event.id));
    }
    expect(refused).toEqual([]);
    // Recorded, generated and basil shapes of the handled types, each processed without a failure.
    expect(stored.length).toBeGreaterThanOrEqual(6);
    for (const id of stored) expect((await waitForProcessed(h.engine, id)).status, id).toBe("processed");
    expect(await h.database.db.event.count()).toBe(stored.length);
    expect(all.length).toBeGreaterThan(190);
  });
});
