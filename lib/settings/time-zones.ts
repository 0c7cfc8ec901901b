/** The time zones Settings offers: UTC first, then every IANA zone this runtime knows, A to Z. */
export const TIME_ZONES: readonly string[] = [
  "UTC",
  ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC"),
];
