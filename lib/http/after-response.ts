import { after } from "next/server";

import { getLogger } from "@/lib/log/logger";

/**
 * Runs work after the response is sent (Next.js `after`). Outside a Next.js request (route handlers
 * called directly, as the integration tests do) it runs on the next turn instead: the caller has
 * already stored everything the work needs, so only the timing differs.
 */
export function afterResponse(work: () => Promise<unknown>): void {
  try {
    after(work);
  } catch {
    setImmediate(() => {
      work().catch((error: unknown) => getLogger().error({ err: error }, "work after the response failed"));
    });
  }
}
