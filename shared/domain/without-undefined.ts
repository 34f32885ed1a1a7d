/** `T` with every property that may be undefined made optional instead (for `exactOptionalPropertyTypes`). */
export type WithoutUndefined<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined properties, so optional fields are absent rather than present-and-undefined. */
export const withoutUndefined = <T extends object>(object: T): WithoutUndefined<T> =>
  Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as WithoutUndefined<T>;
