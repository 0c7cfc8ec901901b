import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasAdminSession } from "@/lib/auth/admin-session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in · Billing Automations" };

export default async function LoginPage() {
  if (await hasAdminSession()) redirect("/automations");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold text-slate-900">Billing Automations</h1>
        <p className="mt-1 mb-6 text-sm text-slate-600">Log in with the admin password (ADMIN_PASSWORD).</p>
        <LoginForm />
      </div>
    </main>
  );
}
