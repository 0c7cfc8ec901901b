"use client";

import { useCan } from "@/components/ui/viewer-role";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/admin-action";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorMessage } from "@/components/ui/page";
import { RelativeTime } from "@/components/ui/relative-time";
import { SettingsSection } from "./section";

export interface EndpointRow {
  id: string;
  url: string;
  createdAt: string;
  rotatedAt: string | null;
  /** Until then the secret before the last roll still signs too (null: it no longer does). */
  previousSecretSignsUntil: string | null;
  /** "Settings", or the automations whose steps name this URL. */
  usedBy: string[];
}

type Revealed = { secret: string };

/**
 * Each destination of the engine's webhooks and its signing secret, as Stripe's dashboard shows an
 * endpoint's: hidden until revealed, and rolled with the old one signing beside it for a day.
 */
export function WebhookSecrets({
  endpoints,
  override,
  reveal,
  roll,
}: {
  endpoints: EndpointRow[];
  /** OUTGOING_WEBHOOK_SECRET is set: it signs every delivery instead. */
  override: boolean;
  reveal: (id: string) => Promise<ActionResult<Revealed>>;
  roll: (id: string) => Promise<ActionResult<Revealed & { previousSecretExpiresAt: string }>>;
}) {
  return (
    <SettingsSection
      id="webhook-secrets"
      title="Webhook signing secrets"
      description={
        <p>
          Every event the engine sends (invoice.will_be_due, Send HTTP request) is a Stripe event signed like
          Stripe&apos;s own (the <code className="font-mono text-xs">Stripe-Signature</code> header): the receiver
          verifies it with its endpoint&apos;s secret, e.g.{" "}
          <code className="font-mono text-xs">stripe.webhooks.constructEvent</code>.
        </p>
      }
    >
      {override ? (
        <p role="note" className="mt-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          OUTGOING_WEBHOOK_SECRET is set on this server: it signs every delivery instead of the secrets below.
        </p>
      ) : null}
      {endpoints.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">
          No endpoint yet: add one under Webhook endpoints, or give a step its own URL. Each gets its own secret.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100">
          {endpoints.map((endpoint) => (
            <EndpointItem key={endpoint.id} endpoint={endpoint} reveal={reveal} roll={roll} />
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

function EndpointItem({
  endpoint,
  reveal,
  roll,
}: {
  endpoint: EndpointRow;
  reveal: (id: string) => Promise<ActionResult<Revealed>>;
  roll: (id: string) => Promise<ActionResult<Revealed & { previousSecretExpiresAt: string }>>;
}) {
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const isAdmin = useCan("admin");

  function show() {
    setError(null);
    startTransition(async () => {
      const result = await reveal(endpoint.id);
      if (result.ok) setSecret(result.data.secret);
      else setError(result.error);
    });
  }

  function rollNow() {
    setError(null);
    startTransition(async () => {
      const result = await roll(endpoint.id);
      setConfirming(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setSecret(result.data.secret);
      setMessage(
        `Secret rolled. The old one keeps signing too until ${new Date(result.data.previousSecretExpiresAt).toUTCString()}.`,
      );
    });
  }

  const labelId = `endpoint-${endpoint.id}`;
  return (
    <li aria-labelledby={labelId} className="py-4">
      <p id={labelId} className="font-mono text-sm break-all text-slate-900">
        {endpoint.url}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        Used by {endpoint.usedBy.join(", ")} · secret created{" "}
        <RelativeTime value={endpoint.rotatedAt ?? endpoint.createdAt} />
        {endpoint.previousSecretSignsUntil ? (
          <>
            {" "}
            · the previous secret signs too until <RelativeTime value={endpoint.previousSecretSignsUntil} />
          </>
        ) : null}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          aria-label={`Signing secret of ${endpoint.url}`}
          className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800"
        >
          {secret ?? "whsec_••••••••••••••••"}
        </code>
        {!isAdmin ? null : secret ? (
          <Button variant="ghost" onClick={() => setSecret(null)}>
            Hide
          </Button>
        ) : (
          <Button variant="secondary" onClick={show} pending={pending} pendingLabel="Revealing…">
            Reveal
          </Button>
        )}
        {isAdmin ? (
          <Button variant="secondary" onClick={() => setConfirming(true)} disabled={pending}>
            Roll secret
          </Button>
        ) : null}
      </div>
      {message ? (
        <p role="status" className="mt-2 text-sm text-green-800">
          {message}
        </p>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Roll this endpoint's secret?"
        description={
          <p>
            A new secret signs every delivery to {endpoint.url} from now on. The current one keeps signing beside it for
            24 hours, so the receiver can switch over without missing a webhook.
          </p>
        }
      >
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending} autoFocus>
            Keep the current secret
          </Button>
          <Button onClick={rollNow} pending={pending} pendingLabel="Rolling…">
            Roll secret
          </Button>
        </div>
      </Dialog>
    </li>
  );
}
