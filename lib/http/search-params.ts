/** A page's query string as Next.js hands it to a server component. */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One value of a query parameter: the first if repeated, trimmed, undefined when empty. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : undefined;
}

/**
 * The links of a filtered, cursor-paged list: the first page and the next one, each keeping the
 * filters that are set (unset ones stay out of the address).
 */
export function listPageHrefs(
  basePath: string,
  filters: Record<string, string | undefined>,
  nextCursor: string | null | undefined,
): { filtered: boolean; firstHref: string; nextHref: string | null } {
  const set = Object.fromEntries(
    Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const href = (params: Record<string, string>) => {
    const query = new URLSearchParams(params).toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  return {
    filtered: Object.keys(set).length > 0,
    firstHref: href(set),
    nextHref: nextCursor ? href({ ...set, cursor: nextCursor }) : null,
  };
}

/** The search fields of a list page's query string (lib/search/find.ts reads them). */
export function findParamsOf(query: Awaited<PageSearchParams>) {
  return {
    q: firstParam(query.q),
    from: firstParam(query.from),
    to: firstParam(query.to),
    amountMin: firstParam(query.amountMin),
    amountMax: firstParam(query.amountMax),
  };
}
