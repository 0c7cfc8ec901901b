import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page";

export default function EventNotFound() {
  return (
    <PageHeader
      title="Event not found"
      description="No event with this id is stored here. Events the engine does not act on are acknowledged and not stored."
      actions={<LinkButton href="/events">Back to events</LinkButton>}
    />
  );
}
