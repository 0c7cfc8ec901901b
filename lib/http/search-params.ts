/** A page's query string as Next.js hands it to a server component. */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One value of a query parameter: the first if repeated, trimmed, undefined when empty. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}
