import { describe, expect, it } from "vitest";
import { computeDueTimes } from "./compute-due-times";

const anchor = new Date("2026-01-10T00:00:00Z");
const day = 86_400_000;

describe("computeDueTimes", () => {
  it("delays push the actions after them later, cumulatively", () => {
    const scheduled = computeDueTimes(
      [
        { type: "action", action: "send_team_email" },
        { type: "delay", amount: 3, unit: "days" },
        { type: "action", action: "mark_invoice_uncollectible" },
        { type: "delay", amount: 2, unit: "hours" },
        { type: "delay", amount: 30, unit: "seconds" },
        { type: "action", action: "send_team_email", params: { memo: "x" } },
      ],
      anchor,
    );
    expect(scheduled.map((s) => [s.position, s.dueAt.getTime() - anchor.getTime()])).toEqual([
      [0, 0],
      [2, 3 * day],
      [5, 3 * day + 2 * 3_600_000 + 30_000],
    ]);
    expect(scheduled[2]?.params).toEqual({ memo: "x" });
  });

  it("a delay from the due date may be negative: seven days before it", () => {
    const dueDate = new Date("2026-02-01T00:00:00Z");
    const [step] = computeDueTimes(
      [
        { type: "delay", amount: -7, unit: "days", from: "due_date" },
        { type: "action", action: "send_invoice_will_be_due_webhook" },
      ],
      dueDate,
      dueDate,
    );
    expect(step?.dueAt.toISOString()).toBe("2026-01-25T00:00:00.000Z");
  });
});
