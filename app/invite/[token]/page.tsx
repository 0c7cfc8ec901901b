import type { Metadata } from "next";
import { getEngine } from "@/lib/engine/engine";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/passwords";
import { findInvitation } from "@/lib/users/users";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Join · Billing Automations" };

type Props = { params: Promise<{ token: string }> };

// GET /invite/:token — an invitation link: no login, the token is the way in.
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const engine = getEngine();
  const invited = await findInvitation(engine.db, token, engine.now());
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-semibold text-slate-600">Billing Automations</p>
        {invited ? (
          <>
            <h1 className="mt-1 text-xl font-semibold break-words text-slate-900">
              Join as {invited.email} ({invited.role})
            </h1>
            <p className="mt-1 mb-6 text-sm text-slate-600">
              Choose a password to finish. You are logged in straight after.
            </p>
            <AcceptForm token={token} minPasswordLength={MIN_PASSWORD_LENGTH} />
          </>
        ) : (
          <>
            <h1 className="mt-1 text-xl font-semibold text-slate-900">Invitation not valid</h1>
            <p className="mt-2 text-sm text-slate-700">
              This invitation link has expired or was already used. Ask an admin for a new one.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
