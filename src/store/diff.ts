/**
 * The previous values of the top-level fields that changed (a shallow diff, as Gigs' `previousData`),
 * or undefined when nothing changed.
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> | undefined {
  const previous: Partial<T> = {};
  let changed = false;
  for (const key of Object.keys(before) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      previous[key] = before[key];
      changed = true;
    }
  }
  return changed ? previous : undefined;
}
