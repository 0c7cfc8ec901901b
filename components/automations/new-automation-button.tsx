"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { buttonClasses } from "@/components/ui/button";

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** "New automation", also on the n key (as on Stripe's page), unless the person is typing or a dialog is open. */
export function NewAutomationButton({ shortcut = true }: { shortcut?: boolean }) {
  const router = useRouter();
  // The shortcut is announced (aria-keyshortcuts) once its listener is attached, not before
  // hydration, when pressing n would do nothing.
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (!shortcut) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "n" || event.repeat || event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      router.push("/automations/new");
    };
    document.addEventListener("keydown", onKeyDown);
    const anchor = link.current;
    anchor?.setAttribute("aria-keyshortcuts", "n");
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      anchor?.removeAttribute("aria-keyshortcuts");
    };
  }, [router, shortcut]);

  return (
    <Link ref={link} href="/automations/new" className={buttonClasses("primary")}>
      New automation
      {shortcut ? (
        <kbd
          aria-hidden="true"
          className="hidden rounded border border-white/40 px-1.5 font-sans text-xs font-medium text-indigo-100 sm:inline"
        >
          N
        </kbd>
      ) : null}
    </Link>
  );
}
