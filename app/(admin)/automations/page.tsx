import { PageHeader } from "@/components/ui/page";

export default function AutomationsPage() {
  return <PageHeader title="Automations" description="Each trigger's automations, in priority order." />;
}
