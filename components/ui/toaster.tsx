"use client";

import { useEffect } from "react";
import { Toaster as Sonner, toast } from "sonner";

const AFTER_RELOAD = "billing-automations:notice-after-reload";

/**
 * Where every save, reorder, pause and cancel says what happened: a toast at the bottom of the
 * screen, read out by screen readers too (sonner keeps them in a polite live region), kept across
 * the app's own navigations (it lives in the admin layout).
 */
export function Toaster() {
  useEffect(() => {
    const notice = window.sessionStorage.getItem(AFTER_RELOAD);
    if (!notice) return;
    window.sessionStorage.removeItem(AFTER_RELOAD);
    toast.success(notice);
  }, []);
  return <Sonner position="bottom-right" richColors closeButton duration={6000} />;
}

/** A success notice shown once the page has loaded again (for a change that reloads it). */
export function noticeAfterReload(message: string): void {
  window.sessionStorage.setItem(AFTER_RELOAD, message);
}

/**
 * What an action on several things did: "2 runs canceled." when it did all, or a warning that
 * counts those it left alone ("1 run") and says why for each.
 */
export function noticeOfMany(done: string, leftCount: string, left: ReadonlyArray<{ reason: string }>): void {
  if (left.length === 0) {
    toast.success(done);
    return;
  }
  toast.warning(`${done} ${leftCount} left as ${left.length === 1 ? "it was" : "they were"}`, {
    description: left.map((skip) => skip.reason).join("; "),
  });
}

export { toast };
