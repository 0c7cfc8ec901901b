import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page";

export default function OutboxEmailNotFound() {
  return (
    <PageHeader
      title="Email not found"
      description="The outbox keeps no email with this id: it may have been emptied since."
      actions={<LinkButton href="/outbox">Back to the outbox</LinkButton>}
    />
  );
}
