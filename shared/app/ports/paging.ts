/** One page of a list read newest first, and how to ask for the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The store's position after the last returned item; absent on the last page. */
  readonly nextKey?: Record<string, string>;
}

export interface PageRequest {
  readonly limit: number;
  readonly startKey?: Record<string, string>;
}
