import Link from "next/link";
import type { ComponentProps } from "react";

export const TEXT_LINK_CLASSES =
  "font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:rounded focus-visible:outline-2 focus-visible:outline-indigo-600";

/** An in-app link inside text and tables, in one style across the pages. */
export function TextLink({ className = "", ...props }: ComponentProps<typeof Link>) {
  return <Link {...props} className={`${TEXT_LINK_CLASSES} ${className}`} />;
}
