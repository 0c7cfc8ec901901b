// The metadata conditions (customer, invoice, subscription) share their shape: a key with exactly
// this value. Each says where its metadata comes from.
import { z } from "zod";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineCondition, formValue, type FactFunction } from "./definition";

const quoted = (value: string) => `“${value}”`;

export function metadataCondition<T extends string>(input: {
  type: T;
  label: string;
  hint: string;
  /** "Customer metadata" in "Customer metadata segment = enterprise". */
  what: string;
  fact: string;
  read: FactFunction;
  priority: number;
  readsInvoice?: boolean;
}) {
  // Stripe's own metadata limits: keys up to 40 characters, values up to 500.
  const schema = strictFields(
    {
      type: z.literal(input.type),
      key: z
        .string({ error: "key must be text" })
        .min(1, { error: "key must not be empty" })
        .max(40, { error: "key must be at most 40 characters (Stripe's metadata limit)" }),
      value: z
        .string({ error: "value must be text" })
        .min(1, { error: "value must not be empty" })
        .max(500, { error: "value must be at most 500 characters (Stripe's metadata limit)" }),
    },
    `a ${input.type} condition`,
  );
  return defineCondition({
    label: input.label,
    hint: input.hint,
    schema,
    readsInvoice: input.readsInvoice,
    describe: (condition) => `${input.what} ${condition.key} = ${condition.value}`,
    compile: (condition) => ({
      fact: input.fact,
      params: { key: condition.key },
      operator: "equalsAvailable",
      value: condition.value,
      priority: input.priority,
    }),
    facts: { [input.fact]: input.read },
    describeFound: (actual) =>
      typeof actual === "string" ? `found ${quoted(actual)}` : "found nothing: the key is not set",
    form: {
      layout: "grid",
      fields: [
        { kind: "text", name: "key", label: "Key", placeholder: "segment" },
        { kind: "text", name: "value", label: "Value", placeholder: "enterprise" },
      ],
      toForm: (condition) => ({ key: condition.key, value: condition.value }),
      fromForm: (values) => ({
        type: input.type,
        key: formValue.text(values.key).trim(),
        value: formValue.text(values.value).trim(),
      }),
    },
  });
}
