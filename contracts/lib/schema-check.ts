import type { z } from 'zod';

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

/**
 * Property paths present in `value` that `schema` does not describe: how the suite notices the real
 * API returning fields gigs-mock does not know yet. Walks objects, arrays, nullable and optional.
 */
export function unknownFields(schema: z.ZodType, value: unknown, path = ''): string[] {
  const def = (schema as AnySchema)._zod.def;
  switch (def.type) {
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      return value === null || value === undefined ? [] : unknownFields(def.innerType as z.ZodType, value, path);
    case 'pipe':
      return unknownFields(def.in as z.ZodType, value, path);
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => unknownFields(def.element as z.ZodType, item, `${path}[${i}]`))
        : [];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
      const shape = def.shape as Record<string, z.ZodType>;
      const out: string[] = [];
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!(key in shape)) out.push(childPath);
        else out.push(...unknownFields(shape[key] as z.ZodType, child, childPath));
      }
      return out;
    }
    default:
      return [];
  }
}

/** List items share one schema: report each unknown path once, with `[]` for any index. */
export function dedupePaths(paths: string[]): string[] {
  return [...new Set(paths.map((p) => p.replace(/\[\d+\]/g, '[]')))];
}
