import { describe, expect, it } from "vitest";
import { localDateTime, relativeTime } from "./time";

const now = new Date("2026-05-01T12:00:00Z");

describe("relativeTime", () => {
  it("says how far a moment is, in the largest unit that fits", () => {
    expect(relativeTime(new Date("2026-05-04T12:00:00Z"), now, "en")).toBe("in 3 days");
    expect(relativeTime(new Date("2026-05-01T11:55:00Z"), now, "en")).toBe("5 minutes ago");
    expect(relativeTime(new Date("2026-05-01T12:00:02Z"), now, "en")).toBe("now");
    expect(relativeTime(new Date("2026-05-02T12:00:00Z"), now, "en")).toBe("tomorrow");
  });
});

describe("localDateTime", () => {
  it("formats in the given time zone", () => {
    expect(localDateTime(now, "en-GB", "Europe/Paris")).toBe("1 May 2026, 14:00");
  });
});
