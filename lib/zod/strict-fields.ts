import { z } from "zod";

/**
 * An object that refuses unknown keys (a typo such as "surveyURL" must not be dropped silently)
 * and says which keys it takes.
 */
export function strictFields<Shape extends z.core.$ZodLooseShape>(shape: Shape, what: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const unknown = issue.keys.join(", ");
      return allowed.length === 0
        ? `${what} takes no params; remove ${unknown}`
        : `${unknown} is not a field of ${what}; allowed: ${allowed.join(", ")}`;
    },
  });
}

/** Only http(s): a URL the engine POSTs to or puts in a customer's email must not be javascript: or file:. */
export const httpUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http:// or https:// URL` });

/** "field must be one of: a, b, c" */
export const oneOf = (field: string, values: readonly string[]) => `${field} must be one of: ${values.join(", ")}`;
