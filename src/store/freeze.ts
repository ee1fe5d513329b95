/** Freezes a value and everything inside it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A deeply frozen copy of a nested part of a record (null stays null): the record keeps its own. */
export function frozenCopy<T>(value: T): T {
  return typeof value === 'object' && value !== null ? deepFreeze(structuredClone(value)) : value;
}
