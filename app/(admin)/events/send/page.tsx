import type { Metadata } from "next";
import { SendTestEventForm } from "@/components/events/send-test-event-form";
import { sendTestEventAction } from "./actions";
import { Card, ErrorMessage, PageHeader } from "@/components/ui/page";
import { TextLink } from "@/components/ui/text-link";
import { requireUser } from "@/lib/auth/current-user";
import { TRIGGERS, triggerDefinitions } from "@/lib/triggers";
import { getEngine } from "@/lib/engine/engine";
import { getSettings } from "@/lib/settings/settings";
import { TEST_EVENTS } from "./test-event";

export const metadata: Metadata = { title: "Send a test event · Billing Automations" };

export default async function SendTestEventPage() {
  // The layout's check does not run again on in-app navigations: each page checks the session itself.
  await requireUser();
  const engine = getEngine();
  const settings = await getSettings(engine.db);
  const canSend = Boolean(engine.config.stripeWebhookSecret);
  const triggers = TRIGGERS.map((trigger) => ({
    value: trigger,
    label: triggerDefinitions[trigger].label,
    description: triggerDefinitions[trigger].description,
    sends: TEST_EVENTS[trigger].note,
  }));

  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/events">
          <span aria-hidden="true">← </span>Events
        </TextLink>
      </p>
      <PageHeader
        title="Send a test event"
        description="A sample Stripe event, built from real payloads for a new invoice or subscription, goes through the real webhook route: it is stored, matched and may start a run, exactly as Stripe's would."
      />
      {canSend ? (
        <Card className="p-4 sm:p-6">
          <SendTestEventForm
            triggers={triggers}
            defaultCurrency={settings.defaultCurrency}
            send={sendTestEventAction}
          />
        </Card>
      ) : (
        <ErrorMessage>
          STRIPE_WEBHOOK_SECRET is not set on this server, so the webhook route refuses every event, this one included.
          Set it (any value works for test events; use the endpoint&apos;s signing secret for Stripe&apos;s) and restart
          the server.
        </ErrorMessage>
      )}
    </>
  );
}
