"use client";

import { useEffect, useRef } from "react";

/** Set once the page is being left on purpose (a reload after a restore the person confirmed). */
let leavingOnPurpose = false;

/** Lets the page go without asking: the person already agreed to lose the changes. */
export function leaveWithoutAsking(): void {
  leavingOnPurpose = true;
}

/**
 * Asks before a person leaves a page with unsaved changes: closing or reloading the tab (the
 * browser's own prompt), and following a link inside the app (Next.js has no way to hold a
 * client-side navigation, so a link's click is stopped before its router sees it).
 */
export function useLeaveGuard(unsaved: boolean, question = "Leave this page? Your changes are not saved.") {
  const state = useRef({ unsaved, question });
  useEffect(() => {
    state.current = { unsaved, question };
  });

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.unsaved || leavingOnPurpose) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (!state.current.unsaved || leavingOnPurpose || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // a new tab or window
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank" || link.hasAttribute("download")) return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin) return; // beforeunload asks for these
      if (to.pathname === window.location.pathname && to.search === window.location.search) return;
      if (!window.confirm(state.current.question)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture, so this runs before the link's own handler starts the navigation.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, []);
}
