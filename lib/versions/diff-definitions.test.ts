import { describe, expect, it } from "vitest";
import type { AutomationDefinition } from "./automation-versions";
import { definitionLines, diffDefinitions, diffLines } from "./diff-definitions";

const definition = (overrides: Partial<AutomationDefinition> = {}): AutomationDefinition => ({
  name: "Dunning",
  trigger: "subscription_payment_failed",
  status: "active",
  shadow: false,
  holdoutPercent: 0,
  conditions: [{ type: "invoice_amount", min: 10000, max: null }],
  steps: [
    { type: "delay", amount: 3, unit: "days" },
    { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "Check it" } },
  ],
  ...overrides,
});

const changes = (a: AutomationDefinition, b: AutomationDefinition) =>
  diffDefinitions(a, b).filter((line) => line.kind !== "same");

describe("diffLines", () => {
  it("keeps the common lines and puts a changed line's old text before its new one", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c"])).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
    ]);
  });

  it("finds the longest common run when lines are inserted and removed", () => {
    expect(diffLines(["a", "b", "c", "d"], ["b", "c", "e", "d", "f"])).toEqual([
      { kind: "removed", text: "a" },
      { kind: "same", text: "b" },
      { kind: "same", text: "c" },
      { kind: "added", text: "e" },
      { kind: "same", text: "d" },
      { kind: "added", text: "f" },
    ]);
  });

  it("handles empty sides", () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines([], ["a"])).toEqual([{ kind: "added", text: "a" }]);
    expect(diffLines(["a"], [])).toEqual([{ kind: "removed", text: "a" }]);
  });
});

describe("diffDefinitions", () => {
  it("reads a definition as lines: name, trigger, status, shadow, holdout, conditions and numbered steps", () => {
    const [lines] = definitionLines(definition(), definition());
    expect(lines).toEqual([
      "Name: Dunning",
      "Trigger: Subscription payment failed",
      "Status: active",
      "Shadow: no",
      "Holdout: none",
      "Condition: Invoice amount at least $100.00",
      "Step 1: Wait 3 days",
      "Step 2: Send team email to ops@example.com",
    ]);
  });

  it("says so when there are no conditions", () => {
    const [lines] = definitionLines(definition({ conditions: [] }), definition());
    expect(lines).toContain("Conditions: none (every event of the trigger)");
  });

  it("shows amounts in the currency it is given", () => {
    const [lines] = definitionLines(definition(), definition(), { currency: "eur" });
    expect(lines).toContain("Condition: Invoice amount at least €100.00");
  });

  it("finds no change between equal definitions", () => {
    expect(changes(definition(), definition())).toEqual([]);
  });

  it("shows a renamed automation, a shadow switched on and a holdout set as changed lines", () => {
    expect(changes(definition(), definition({ name: "Dunning v2", shadow: true, holdoutPercent: 10 }))).toEqual([
      { kind: "removed", text: "Name: Dunning" },
      { kind: "added", text: "Name: Dunning v2" },
      { kind: "removed", text: "Shadow: no" },
      { kind: "removed", text: "Holdout: none" },
      { kind: "added", text: "Shadow: yes" },
      { kind: "added", text: "Holdout: 10 % of matches" },
    ]);
  });

  it("shows an added step as one added line", () => {
    const before = definition();
    const after = definition({
      steps: [...before.steps, { type: "action", action: "send_team_email", params: { to: ["cfo@example.com"] } }],
    });
    expect(changes(before, after)).toEqual([{ kind: "added", text: "Step 3: Send team email to cfo@example.com" }]);
  });

  it("shows the params of a step whose words stay the same but whose params changed", () => {
    const before = definition();
    const after = definition({
      steps: [
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "Call them" } },
      ],
    });
    expect(changes(before, after)).toEqual([
      {
        kind: "removed",
        text: 'Step 2: Send team email to ops@example.com {"memo":"Check it","to":["ops@example.com"]}',
      },
      {
        kind: "added",
        text: 'Step 2: Send team email to ops@example.com {"memo":"Call them","to":["ops@example.com"]}',
      },
    ]);
  });

  it("does not count params written in another key order as a change", () => {
    const after = definition({
      steps: [
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "send_team_email", params: { memo: "Check it", to: ["ops@example.com"] } },
      ],
    });
    expect(changes(definition(), after)).toEqual([]);
  });

  it("keeps the unchanged steps' lines short when another step's params change", () => {
    const [, lines] = definitionLines(
      definition(),
      definition({
        steps: [
          { type: "delay", amount: 3, unit: "days" },
          { type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "Call them" } },
        ],
      }),
    );
    expect(lines).toContain("Step 1: Wait 3 days");
  });
});
