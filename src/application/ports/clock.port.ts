export interface Clock {
  /** The current instant as an ISO-8601 string: what commands carry as `metadata.now`. */
  now(): string;
}
