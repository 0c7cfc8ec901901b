import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { getConfig } from "@/lib/config";
import { LoginForm } from "./login-form";
import { firstParam, type PageSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Log in · Billing Automations" };

export default async function LoginPage({ searchParams }: { searchParams: PageSearchParams }) {
  if (await currentUser()) redirect("/automations");
  const ssoError = firstParam((await searchParams).ssoError);
  const sso = getConfig().sso !== null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold text-slate-900">Billing Automations</h1>
        <p className="mt-1 mb-6 text-sm text-slate-600">
          Log in with your email and password. The bootstrap admin leaves the email empty and uses ADMIN_PASSWORD.
        </p>
        {sso ? (
          <div className="mb-6 space-y-2">
            <Link
              href="/login/sso/start"
              prefetch={false}
              className="block w-full rounded-md bg-slate-900 px-3 py-2 text-center text-sm font-semibold text-white hover:bg-slate-700"
            >
              Sign in with single sign-on
            </Link>
            {ssoError ? (
              <p role="alert" className="text-sm text-red-700">
                {ssoError}
              </p>
            ) : null}
            <p className="text-center text-xs text-slate-500">or with a password</p>
          </div>
        ) : null}
        <LoginForm />
      </div>
    </main>
  );
}
