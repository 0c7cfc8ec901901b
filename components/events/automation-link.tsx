import { Badge } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/text-link";
import type { AutomationName } from "./automation-names";

/** An automation's name, linked to its page while it exists; a deleted one says so instead. */
export function AutomationLink({
  id,
  automation,
  fallback,
}: {
  id: string;
  automation?: AutomationName;
  fallback: string;
}) {
  if (!automation) return <span>{fallback}</span>;
  if (automation.deleted) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <span className="font-medium text-slate-900">{automation.name}</span> <Badge>deleted</Badge>
      </span>
    );
  }
  return <TextLink href={`/automations/${id}`}>{automation.name}</TextLink>;
}
