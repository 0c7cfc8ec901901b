import { customerMetadataOf, metadataValue } from "../facts";
import { MAY_READ_STRIPE } from "../definition";
import { metadataCondition } from "../metadata";

export const customerMetadata = metadataCondition({
  type: "customer_metadata",
  label: "Customer metadata",
  hint: "The customer's metadata has this key with exactly this value.",
  what: "Customer metadata",
  fact: "customerMetadata",
  // The payload names the customer by id unless the endpoint expands it: then one read, shared.
  read: async (_ctx, params, almanac) => metadataValue(await customerMetadataOf(almanac), params),
  priority: MAY_READ_STRIPE,
});
