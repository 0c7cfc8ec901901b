// The admin UI's home. Until the pages land, it points to the JSON API and the docs.
export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Billing Automations</h1>
      <p className="mt-4 text-slate-700">
        The engine is running. Manage automations through the JSON API under <code className="font-mono">/api/</code>{" "}
        (bearer token <code className="font-mono">ADMIN_API_TOKEN</code>); Stripe delivers events to{" "}
        <code className="font-mono">/api/webhooks/stripe</code>.
      </p>
    </main>
  );
}
