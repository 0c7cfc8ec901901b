import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { SubmitButton } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/current-user";
import { Toaster } from "@/components/ui/toaster";
import { TeamTimeZoneProvider } from "@/components/ui/team-time-zone";
import { ViewerRoleProvider } from "@/components/ui/viewer-role";
import { getEngine } from "@/lib/engine/engine";
import { getSettings } from "@/lib/settings/settings";
import { getConfig, keepsMailInOutbox, stripeMode } from "@/lib/config";
import { logout } from "../login/actions";
import { NavLinks } from "./nav-links";

const MODE_LABEL = { live: "Stripe live", test: "Stripe test mode", "dry-run": "Dry-run: no Stripe writes" } as const;

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const config = getConfig();
  const mode = stripeMode(config);
  const { timeZone } = await getSettings(getEngine().db);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <span className="text-base font-semibold text-slate-900">Billing Automations</span>
          <NavLinks role={user.role} outbox={keepsMailInOutbox(config.smtpUrl)} />
          <div className="ml-auto flex items-center gap-3">
            <Badge tone={mode === "live" ? "green" : mode === "test" ? "indigo" : "yellow"}>{MODE_LABEL[mode]}</Badge>
            <span className="text-sm text-slate-600" data-testid="signed-in-as">
              {user.email} · {user.role}
            </span>
            <form action={logout}>
              <SubmitButton variant="ghost">Log out</SubmitButton>
            </form>
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <ViewerRoleProvider role={user.role}>
          <TeamTimeZoneProvider timeZone={timeZone}>{children}</TeamTimeZoneProvider>
        </ViewerRoleProvider>
      </main>
      <Toaster />
    </div>
  );
}
