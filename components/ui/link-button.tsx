"use client";

import Link from "next/link";
import type { ComponentProps } from "react";
import { buttonClasses } from "./button";

// A client module because buttonClasses lives in one: server pages render <LinkButton>, which
// they can, where calling buttonClasses() themselves would fail.

/** A link that looks like a button (navigation, never a write). */
export function LinkButton({
  variant = "secondary",
  className = "",
  ...props
}: ComponentProps<typeof Link> & { variant?: "primary" | "secondary" | "ghost" }) {
  return <Link {...props} className={buttonClasses(variant, className)} />;
}
