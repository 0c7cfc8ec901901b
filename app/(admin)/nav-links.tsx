"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { roleAtLeast, type Role } from "@/lib/auth/roles";

/**
 * Each link with the least role that may open its page (the pages check the role themselves too);
 * `outboxOnly`: shown only while SMTP_URL=outbox, when the emails are there.
 */
const LINKS: Array<{ href: string; label: string; role: Role; outboxOnly?: true }> = [
  { href: "/automations", label: "Automations", role: "viewer" },
  { href: "/runs", label: "Runs", role: "viewer" },
  { href: "/outcomes", label: "Outcomes", role: "viewer" },
  { href: "/events", label: "Events", role: "viewer" },
  { href: "/audit", label: "Audit", role: "viewer" },
  { href: "/settings", label: "Settings", role: "viewer" },
  { href: "/team", label: "Team", role: "admin" },
  { href: "/outbox", label: "Outbox", role: "admin", outboxOnly: true },
];

export function NavLinks({ role, outbox }: { role: Role; outbox: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto">
      {LINKS.filter((link) => roleAtLeast(role, link.role) && (outbox || !link.outboxOnly)).map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
                current ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200"
              }`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
