/**
 * What readers work out from a model (the RUNs' shells, the layers, a command's wrapper chain) is
 * kept on the object it was read from, so that it lives and dies with it. Kept in a module-level
 * WeakMap keyed by the model instead, it outlived the lint: V8's young-generation collections keep a
 * WeakMap's values (only a full collection settles them), so every lint's derived values, and the
 * model they point into, were copied and promoted, then collected as old garbage.
 */
export type Derived = Map<(owner: never) => unknown, unknown>;

/** `read(owner)`, read on the first call for that owner and kept on it for the next ones. */
export function derived<O extends { derived?: Derived }, T>(owner: O, read: (owner: O) => T): T {
  const values = (owner.derived ??= new Map());
  let value = values.get(read) as T | undefined;
  if (value === undefined && !values.has(read)) {
    value = read(owner);
    values.set(read, value);
  }
  return value as T;
}
