import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { InstanceFacts } from "./instance-facts";

const MODE: Record<InstanceFacts["stripeMode"], { label: string; tone: "green" | "indigo" | "yellow"; note: string }> =
  {
    live: { label: "live", tone: "green", note: "Steps act on real customers and invoices." },
    test: { label: "test", tone: "indigo", note: "Steps act on the Stripe account's test-mode data." },
    "dry-run": {
      label: "dry-run",
      tone: "yellow",
      note: "STRIPE_SECRET_KEY is not set: steps record the Stripe calls they would make and send none.",
    },
  };

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="py-3">
      <dt className="text-sm font-medium text-slate-900">{term}</dt>
      <dd className="mt-1 text-sm text-slate-700">{children}</dd>
    </div>
  );
}

function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-800">{children}</code>
  );
}

/** This instance's environment, read-only: set in the environment, not here. */
export function InstancePanel({ facts }: { facts: InstanceFacts }) {
  const mode = MODE[facts.stripeMode];
  return (
    <section aria-labelledby="settings-instance" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id="settings-instance" className="text-base font-semibold text-slate-900">
        This instance
      </h2>
      <p className="mt-1 text-sm text-slate-600">From the server&apos;s environment; change them there and restart.</p>
      <dl className="mt-2 divide-y divide-slate-100">
        <Fact term="Stripe mode">
          <Badge tone={mode.tone}>{mode.label}</Badge>
          <span className="mt-1 block">{mode.note}</span>
        </Fact>
        {facts.stripeApiBase ? (
          <Fact term="Stripe API">
            <Code>{facts.stripeApiBase}</Code> instead of api.stripe.com (STRIPE_API_BASE)
          </Fact>
        ) : null}
        <Fact term="Secrets">
          <ul className="space-y-2">
            {facts.secrets.map((secret) => (
              <li key={secret.variable}>
                <span className="flex flex-wrap items-center gap-2">
                  <Code>{secret.variable}</Code>
                  <Badge tone={secret.set ? "green" : "yellow"}>{secret.set ? "set" : "not set"}</Badge>
                </span>
                {secret.set && !secret.whenSet ? null : (
                  <span className="mt-0.5 block text-xs text-slate-600">
                    {secret.set ? secret.whenSet : secret.whenUnset}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Fact>
        <Fact term="Scheduler">
          <Code>{facts.schedulerCron}</Code>
          {facts.schedulerEvery ? ` (${facts.schedulerEvery})` : null}
          <span className="mt-1 block">
            {facts.workerInProcess ? (
              "The worker runs in this server's process."
            ) : (
              <>
                RUN_WORKER=false: due steps run only while a separate <Code>npm run worker</Code> is up.
              </>
            )}
          </span>
        </Fact>
        <Fact term="Private addresses">
          {facts.outboundAllowList.length > 0 ? (
            <>
              Steps may send to these private hosts (OUTBOUND_ALLOW_LIST):{" "}
              <Code>{facts.outboundAllowList.join(", ")}</Code>. Every other private, loopback or link-local address is
              refused.
            </>
          ) : (
            <>
              Webhooks, HTTP requests and Slack messages to private, loopback or link-local addresses are refused. To
              reach a service inside your network, list it in <Code>OUTBOUND_ALLOW_LIST</Code>.
            </>
          )}
        </Fact>
        <Fact term="Database">{facts.database === "postgresql" ? "PostgreSQL" : "SQLite (embedded file)"}</Fact>
        <Fact term="Webhook URL for Stripe">
          <Code>{facts.webhookUrl}</Code>
          <span className="mt-2 block">
            Add it as an endpoint in Stripe&apos;s dashboard (Developers → Webhooks) with these events:{" "}
            {facts.eventTypes.join(", ")}.
          </span>
          <span className="mt-2 block">
            Testing locally? <Code>stripe listen --forward-to {facts.webhookUrl}</Code> forwards a test account&apos;s
            events here; set STRIPE_WEBHOOK_SECRET to the whsec_… secret it prints.
          </span>
        </Fact>
      </dl>
    </section>
  );
}
