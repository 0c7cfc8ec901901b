import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page";

export default function RunNotFound() {
  return (
    <PageHeader
      title="Run not found"
      description="There is no run with this id. The link may be mistyped, or the run may belong to another database."
      actions={<LinkButton href="/runs">Back to runs</LinkButton>}
    />
  );
}
