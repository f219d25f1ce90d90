/**
 * What readers work out from a model (the RUNs' shells, the layers, a command's wrapper chain) is
 * kept on the object it was read from, so that it lives and dies with it. Kept in a module-level
 * WeakMap keyed by the model instead, it outlived the lint: V8's young-generation collections keep a
 * WeakMap's values (only a full collection settles them), so every lint's derived values, and the
 * model they point into, were copied and promoted, then collected as old garbage.
 */
export type Derived = unknown[];

/**
 * `read(owner)`, read on the first call for that owner and kept on it for the next ones. Kept as
 * pairs (the reader, then its value) in an array: an owner has a few (a shell command one or two),
 * and a scan of them costs less than a Map made for every shell command a rule asks about.
 */
export function derived<O extends { derived?: Derived }, T>(owner: O, read: (owner: O) => T): T {
  const values = owner.derived;
  if (values !== undefined) {
    for (let i = 0; i < values.length; i += 2) if (values[i] === read) return values[i + 1] as T;
  }
  const value = read(owner);
  // The reader may have derived other values on the owner meanwhile.
  if (owner.derived === undefined) owner.derived = [read, value];
  else owner.derived.push(read, value);
  return value;
}
