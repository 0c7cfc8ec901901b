import { describe, expect, it } from "vitest";
import { endOfDayIn, relativeTime, startOfDayIn, teamDateTime } from "./time";

const now = new Date("2026-05-01T12:00:00Z");

describe("relativeTime", () => {
  it("says how far a moment is, in the largest unit that fits", () => {
    expect(relativeTime(new Date("2026-05-04T12:00:00Z"), now, "en")).toBe("in 3 days");
    expect(relativeTime(new Date("2026-05-01T11:55:00Z"), now, "en")).toBe("5 minutes ago");
    expect(relativeTime(new Date("2026-05-01T12:00:02Z"), now, "en")).toBe("now");
    expect(relativeTime(new Date("2026-05-02T12:00:00Z"), now, "en")).toBe("tomorrow");
  });
});

describe("teamDateTime", () => {
  it("formats in the team's time zone, in the UI's language, and names the zone", () => {
    expect(teamDateTime(now, "Europe/Paris")).toBe("May 1, 2026, 2:00 PM GMT+2");
    expect(teamDateTime(now, "UTC")).toBe("May 1, 2026, 12:00 PM UTC");
  });
});

describe("a day in a time zone", () => {
  it("starts at that zone's midnight and ends a millisecond before the next", () => {
    expect(startOfDayIn("2026-05-01", "UTC").toISOString()).toBe("2026-05-01T00:00:00.000Z");
    expect(startOfDayIn("2026-05-01", "Europe/Paris").toISOString()).toBe("2026-04-30T22:00:00.000Z");
    expect(endOfDayIn("2026-05-01", "America/New_York").toISOString()).toBe("2026-05-02T03:59:59.999Z");
  });

  it("holds on the days the clocks change", () => {
    // Paris moves from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026; midnight is still UTC+1.
    expect(startOfDayIn("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(endOfDayIn("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-29T21:59:59.999Z");
  });
});
