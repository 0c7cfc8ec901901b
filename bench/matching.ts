import { performance } from "node:perf_hooks";
import { Engine } from "json-rules-engine";
import type { Condition } from "../lib/automations/schema";
import { buildSampleEvent } from "../lib/samples/sample-events";
import {
  compileAutomationRules,
  evaluateAutomations,
  type AutomationToMatch,
  type FactLoaders,
} from "../lib/rules/evaluate-automations";
import type { BenchSection } from "./report";
import { round } from "./report";

/**
 * Matching cost per event against the number of active automations on the trigger, the matching
 * one last (the worst case: every automation is checked). The floor is json-rules-engine itself on
 * the same rules with the facts handed over as plain values: what matching costs without the
 * engine's fact loading, conversion and trace.
 */
const SETTINGS = { defaultCurrency: "usd", exchangeRates: { eur: 1.08 } };

function automations(count: number, conditionsOf: (i: number, last: boolean) => Condition[]): AutomationToMatch[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `auto_${i}`,
    name: `Automation ${i}`,
    priority: i + 1,
    conditions: conditionsOf(i, i === count - 1),
  }));
}

// Each automation checks the invoice's metadata and amount; only the last one's region matches.
const payloadConditions = (i: number, last: boolean): Condition[] => [
  { type: "invoice_metadata", key: "region", value: last ? "eu" : `region-${i}` },
  { type: "invoice_amount", min: 1_000, max: null },
];

async function timePerEvent(iterations: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, iterations); i++) await work(); // warm up
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await work();
  return ((performance.now() - started) / iterations) * 1000; // µs
}

async function rawEngineRun(list: AutomationToMatch[], metadata: Record<string, string>, amount: number) {
  const engine = new Engine();
  engine.addFact("invoiceMetadata", (params: Record<string, unknown>) => metadata[String(params.key)] ?? null);
  engine.addFact("invoiceAmount", amount);
  // The same operators, over plain values.
  engine.addOperator<string, string>("equalsAvailable", (fact, expected) => fact === expected);
  engine.addOperator<number, { min: number | null; max: number | null }>(
    "amountInRange",
    (fact, range) => (range.min === null || fact >= range.min) && (range.max === null || fact <= range.max),
  );
  engine.addOperator<string[], string[]>("containsAny", (fact, expected) => fact.some((id) => expected.includes(id)));
  for (const rule of compileAutomationRules(list)) engine.addRule(rule);
  engine.on("success", () => {
    engine.stop();
  });
  return engine.run();
}

export async function benchMatching(options: { quick: boolean }): Promise<BenchSection[]> {
  const event = buildSampleEvent("invoice.payment_failed", {
    attemptCount: 1,
    amount: 25_000,
    invoiceMetadata: { region: "eu" },
  });
  const object = event.data.object as Record<string, unknown>;
  const noReads: FactLoaders = {
    customer: () => Promise.reject(new Error("no read expected")),
    subscription: () => Promise.reject(new Error("no read expected")),
  };
  const sizes = options.quick ? [1, 10, 100] : [1, 10, 100, 1000];
  const rows: Array<Array<string | number>> = [];
  for (const size of sizes) {
    const list = automations(size, payloadConditions);
    const iterations = Math.max(5, Math.round((options.quick ? 2_000 : 10_000) / size));
    const engineUs = await timePerEvent(iterations, async () => {
      const trace = await evaluateAutomations({
        trigger: "subscription_payment_failed",
        automations: list,
        object,
        loaders: noReads,
        settings: SETTINGS,
      });
      if (trace.matchedAutomationId !== `auto_${size - 1}`) throw new Error("the last automation must match");
    });
    const floorUs = await timePerEvent(iterations, () => rawEngineRun(list, { region: "eu" }, 25_000));
    rows.push([size, round(engineUs), round(floorUs), round(engineUs / floorUs, 2), round(engineUs / size, 1)]);
  }

  // Stripe reads per event: two automations that both need the customer, and the payload-only case.
  let customerReads = 0;
  const counting: FactLoaders = {
    customer: async () => {
      customerReads += 1;
      return { metadata: { segment: "enterprise" } };
    },
    subscription: () => Promise.reject(new Error("no subscription read expected")),
  };
  const needCustomer = automations(2, (i, last) => [
    { type: "customer_metadata", key: "segment", value: last ? "enterprise" : "startup" },
  ]);
  const events = 100;
  for (let i = 0; i < events; i++) {
    await evaluateAutomations({
      trigger: "subscription_payment_failed",
      automations: needCustomer,
      object,
      loaders: counting,
      settings: SETTINGS,
    });
  }
  let payloadReads = 0;
  const payloadOnly: FactLoaders = {
    customer: async () => {
      payloadReads += 1;
      return null;
    },
    subscription: async () => {
      payloadReads += 1;
      return null;
    },
  };
  for (let i = 0; i < events; i++) {
    await evaluateAutomations({
      trigger: "subscription_payment_failed",
      automations: automations(10, payloadConditions),
      object,
      loaders: payloadOnly,
      settings: SETTINGS,
    });
  }

  return [
    {
      title: "Matching: time per event against the number of automations",
      description:
        "`evaluateAutomations` on an `invoice.payment_failed` payload, every automation checking invoice metadata and amount, the matching one last (all are checked). Floor: raw json-rules-engine with the same compiled rules, operators and the facts as plain values. Target: linear growth, at most 2× the floor.",
      columns: ["automations", "engine µs/event", "floor µs/event", "× floor", "engine µs per automation"],
      rows,
    },
    {
      title: "Matching: Stripe reads per event",
      description: `${events} events each. Target: at most one read per object a condition needs, none when the payload suffices.`,
      columns: ["case", "events", "customer/subscription reads", "reads per event"],
      rows: [
        ["two automations need customer metadata", events, customerReads, round(customerReads / events, 2)],
        ["ten automations on payload facts only", events, payloadReads, round(payloadReads / events, 2)],
      ],
    },
  ];
}
