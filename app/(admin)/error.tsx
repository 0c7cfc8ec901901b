"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// The admin pages' error boundary, inside the layout (the nav stays usable). It shows no message
// from the error: in production a server error arrives as a generic text with a digest that
// matches the server log, and a client error may carry anything. The digest is what to report.
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
      <div role="alert">
        <h1 className="text-xl font-semibold text-slate-900">Something went wrong</h1>
        <p className="mt-2 text-sm text-slate-600">
          This page could not be shown. Try again; if it keeps happening, the server log says why.
        </p>
      </div>
      {digest ? (
        <p className="mt-2 text-xs text-slate-500">
          Reference in the server log: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <Button className="mt-6" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
