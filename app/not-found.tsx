import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/ui/not-found-message";

export const metadata: Metadata = { title: "Page not found · Billing Automations" };

// Addresses that match no page (a plain 404 under the root layout, so it brings its own <main>).
// A page's notFound() inside the admin layout also lands here unless app/(admin)/not-found.tsx
// exists; that one should render <NotFoundMessage /> alone, inside the layout's <main>.
export default function NotFound() {
  return (
    <main>
      <NotFoundMessage />
    </main>
  );
}
