// Where the actions that send to a destination or a URL send: one of the two, never both, checked
// by their params' schema; resolved right before sending, so a destination's replaced URL is the
// one used.
import { z } from "zod";
import { describeDestinationUrl, type DestinationKind } from "@/lib/destinations/kinds";
import { permanentError, type ActionContext } from "./definition";

export const destinationName = z
  .string({ error: "destination must be the name of a destination in Settings" })
  .trim()
  .min(1, { error: "destination must name a destination in Settings" })
  .max(64, { error: "destination must be at most 64 characters" });

/** Exactly one of `destination` and the URL param (`url`, `webhookUrl`), with the issue on the field to fill. */
export function oneTarget(urlField: string) {
  return (params: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const hasDestination = params.destination !== undefined;
    const hasUrl = params[urlField] !== undefined;
    if (hasDestination && hasUrl) {
      ctx.addIssue({
        code: "custom",
        path: [urlField],
        message: `give destination or ${urlField}, not both`,
      });
    } else if (!hasDestination && !hasUrl) {
      ctx.addIssue({
        code: "custom",
        path: ["destination"],
        message: `destination is required: pick a destination from Settings (or give ${urlField})`,
      });
    }
  };
}

export interface ResolvedTarget {
  url: string;
  /** How the run page and the logs name it: the destination, or the URL without its secret parts. */
  shown: string;
}

/** The URL to send to now; a destination deleted or changed in kind since the save fails the step for good. */
export async function resolveTarget(
  ctx: ActionContext,
  input: { destination?: string; url?: string; kind: DestinationKind },
): Promise<ResolvedTarget> {
  if (input.url) return { url: input.url, shown: describeDestinationUrl(input.kind, input.url) };
  const name = input.destination ?? "";
  const found = await ctx.destinations.find(name);
  if (!found)
    throw permanentError(`destination “${name}” does not exist (any more): add it in Settings → Destinations`);
  if (found.kind !== input.kind) throw permanentError(`destination “${name}” is not a ${input.kind} destination`);
  return { url: found.url, shown: `destination “${name}”` };
}
