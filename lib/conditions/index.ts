// The filter conditions an automation can have: one folder each, one line each here. The API's
// schema, the editor, matching and the trace all read this registry.
import { z } from "zod";
import { oneOf } from "@/lib/zod/strict-fields";
import { customerMetadata } from "./customer-metadata";
import { decline } from "./decline";
import type { ConditionDefinition } from "./definition";
import { invoiceAmount } from "./invoice-amount";
import { invoiceMetadata } from "./invoice-metadata";
import { product } from "./product";
import { subscriptionInterval } from "./subscription-interval";
import { subscriptionMetadata } from "./subscription-metadata";

// The Contract's condition types are these keys; never rename one. The order is the editor's.
export const CONDITIONS = {
  customer_metadata: customerMetadata,
  invoice_metadata: invoiceMetadata,
  invoice_amount: invoiceAmount,
  subscription_interval: subscriptionInterval,
  product,
  subscription_metadata: subscriptionMetadata,
  decline,
} satisfies Record<string, ConditionDefinition>;

export type ConditionType = keyof typeof CONDITIONS;
export const CONDITION_TYPES = Object.keys(CONDITIONS) as [ConditionType, ...ConditionType[]];

/** A condition as the API takes it: one of the registry's schemas, by `type`. */
export type Condition = {
  [T in ConditionType]: z.output<(typeof CONDITIONS)[T]["schema"]>;
}[ConditionType];

export const conditionSchema = z.discriminatedUnion(
  "type",
  Object.values(CONDITIONS).map((definition) => definition.schema) as unknown as Parameters<
    typeof z.discriminatedUnion
  >[1],
  { error: (issue) => (issue.code === "invalid_union" ? oneOf("type", CONDITION_TYPES) : undefined) },
) as unknown as z.ZodType<Condition>;

export function isConditionType(value: unknown): value is ConditionType {
  return typeof value === "string" && Object.hasOwn(CONDITIONS, value);
}

/** A condition's definition, typed loosely: for code that handles every condition the same way. */
export function conditionDefinition(type: ConditionType): ConditionDefinition<Condition> {
  return CONDITIONS[type] as unknown as ConditionDefinition<Condition>;
}

/** "Invoice amount at least $500.00" */
export function describeCondition(condition: Condition, currency: string): string {
  return conditionDefinition(condition.type).describe(condition, currency);
}
