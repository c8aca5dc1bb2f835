/**
 * A string union that stays open: the listed values autocomplete, and any value Monzo adds later still
 * type-checks and passes through untouched.
 */
export type Open<Known extends string> = Known | (string & {});

/** An RFC 3339 timestamp as Monzo sends it, with or without fractional seconds. */
export type Timestamp = string;
