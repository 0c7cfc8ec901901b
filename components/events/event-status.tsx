import { Badge } from "@/components/ui/badge";

const TONES = { processed: "green", pending: "blue", failed: "red" } as const;

/** An event's processing status: pending, processed or failed, in the same colours as runs. */
export function EventStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "gray"}>{status}</Badge>;
}

/** Marks the events the engine wrote itself (the overdue check, a run started by hand), so nobody looks for them in Stripe. */
export function EventSourceBadge({ source }: { source: string }) {
  if (source === "engine") {
    return (
      <Badge tone="indigo">
        engine<span className="sr-only">-synthesized event</span>
      </Badge>
    );
  }
  if (source === "sample") return <Badge tone="indigo">sample</Badge>;
  if (source === "manual") return <Badge tone="indigo">by hand</Badge>;
  return null;
}

export function duplicatesInWords(count: number): string | null {
  if (count <= 0) return null;
  return count === 1 ? "1 duplicate delivery refused" : `${count} duplicate deliveries refused`;
}
