import { z } from "zod";
import { listInWords } from "@/lib/format/words";
import {
  invoiceLineProductIds,
  invoiceLinesHaveMore,
  subscriptionItemsHaveMore,
  subscriptionProductIds,
} from "@/lib/rules/facts";
import { strictFields } from "@/lib/zod/strict-fields";
import { defineCondition, formValue, FROM_PAYLOAD } from "../definition";
import { available, type FactOutcome } from "../facts";

const productId = z
  .string({ error: "products must be product ids" })
  .trim()
  .min(1, { error: "a product id must not be empty" });

const schema = strictFields(
  {
    type: z.literal("product"),
    products: z
      .array(productId, { error: "products must be a list of product ids" })
      .min(1, { error: "products must list at least one product id" }),
  },
  "a product condition",
);

export const product = defineCondition({
  label: "Product",
  hint: "The invoice or subscription contains at least one of these products.",
  schema,
  describe: (condition) =>
    `${condition.products.length === 1 ? "Product" : "Any of the products"} ${listInWords(condition.products, "or")}`,
  compile: (condition) => ({
    fact: "productIds",
    operator: "containsAny",
    value: condition.products,
    priority: FROM_PAYLOAD,
  }),
  facts: {
    productIds(ctx): FactOutcome<string[]> {
      if (ctx.isInvoice) {
        const partial = invoiceLinesHaveMore(ctx.object)
          ? "the payload lists only the invoice's first lines"
          : undefined;
        return available(invoiceLineProductIds(ctx.object), partial);
      }
      const partial = subscriptionItemsHaveMore(ctx.object)
        ? "the payload lists only the subscription's first items"
        : undefined;
      return available(subscriptionProductIds(ctx.object), partial);
    },
  },
  describeFound(actual) {
    const ids = Array.isArray(actual) ? actual.filter((id): id is string => typeof id === "string") : [];
    return ids.length ? `found ${listInWords(ids)}` : "found no products";
  },
  form: {
    layout: "stack",
    fields: [
      {
        kind: "chips",
        name: "products",
        label: "Products",
        hint: "Type a product id (prod_…) and press Enter or comma to add it.",
        placeholder: "prod_…",
        itemName: "product",
      },
    ],
    toForm: (condition) => ({ products: [...condition.products] }),
    fromForm: (values) => ({ type: "product" as const, products: formValue.list(values.products) }),
  },
});
