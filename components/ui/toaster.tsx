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

export { toast };
