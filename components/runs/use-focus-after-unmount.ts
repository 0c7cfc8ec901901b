"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * A button whose write removes it from the page (Cancel run once the run has ended, Retry step once
 * the step is pending) would leave keyboard focus on nothing. Armed after a successful write, this
 * moves focus to `targetId` when the button leaves the page.
 */
export function useFocusAfterUnmount(targetId: string): () => void {
  const armed = useRef(false);
  useEffect(
    () => () => {
      if (!armed.current) return;
      // After the commit that removed the button, so the target is the one now on the page.
      setTimeout(() => document.getElementById(targetId)?.focus(), 0);
    },
    [targetId],
  );
  return useCallback(() => {
    armed.current = true;
  }, []);
}
