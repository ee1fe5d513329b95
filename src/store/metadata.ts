import { METADATA_LIMITS } from '../schemas/common.js';
import { DomainError } from './errors.js';

/** Most records have no metadata: they share this one frozen empty object instead of one each. */
export const NO_METADATA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Applies a metadata patch (reference §1.1): keys merge, a null value deletes a key, and the result
 * may hold at most 10 keys. Built with Object.fromEntries so keys such as `__proto__` stay plain data.
 */
export function mergeMetadata(
  current: Record<string, string>,
  patch: Record<string, string | null> | undefined,
): Record<string, string> {
  if (patch === undefined) return Object.keys(current).length === 0 ? NO_METADATA : current;
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  if (merged.size > METADATA_LIMITS.maxKeys) {
    throw new DomainError('invalid', `Metadata can have at most ${METADATA_LIMITS.maxKeys} keys.`, {
      details: [
        { property: 'metadata', code: 'propertyInvalid', message: `Metadata can have at most ${METADATA_LIMITS.maxKeys} keys.` },
      ],
    });
  }
  // Most records have no metadata: share one frozen empty object instead of one each.
  return merged.size === 0 ? NO_METADATA : Object.fromEntries(merged);
}
