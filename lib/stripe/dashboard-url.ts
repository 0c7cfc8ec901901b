/** Stripe's dashboard page of an invoice or subscription (test-mode objects live under /test). */
export function stripeDashboardUrl(object: {
  objectType: "invoice" | "subscription";
  objectId: string;
  livemode: boolean;
}): string {
  const section = object.objectType === "invoice" ? "invoices" : "subscriptions";
  return `https://dashboard.stripe.com/${object.livemode ? "" : "test/"}${section}/${encodeURIComponent(object.objectId)}`;
}
