import type { ReactNode } from "react";
import { TEXT_LINK_CLASSES } from "./text-link";

/** Label/value pairs (a run's or an event's facts): stacked on a phone, two columns from sm up. */
export function DescriptionList({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <dl className={`divide-y divide-slate-100 ${className}`}>{children}</dl>;
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

/** A link that opens another site in a new tab, and says so to screen readers. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={TEXT_LINK_CLASSES}>
      {children}
      <span aria-hidden="true"> ↗</span>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
