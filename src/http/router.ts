import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages, type PropertyDetail } from '../store/errors.js';

export type AppEnv = { Variables: { sim: Simulator; project: string; apiKey: string } };

type Issue = z.core.$ZodIssue;

/** The value at a zod issue path in the validated input (undefined when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Zod issues -> Gigs `details[]`: one entry per property, `propertyRequired` when it was missing.
 * Zod 4 leaves `issue.input` out unless asked, so "missing" is read from the input the hook saw;
 * otherwise a property of the wrong type would be reported as required.
 */
export function issuesToDetails(issues: readonly Issue[], input?: unknown): PropertyDetail[] {
  return issues.flatMap((issue): PropertyDetail[] => {
    // One detail per unknown property, so each one is named on its own.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        property: [...issue.path.map(String), key].join('.'),
        code: 'propertyInvalid',
        message: `Unknown property: ${key}.`,
      }));
    }
    const property = issue.path.map(String).join('.') || 'body';
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    return [
      {
        property,
        code: missing ? 'propertyRequired' : 'propertyInvalid',
        message: missing ? `${property} is required.` : issue.message,
      },
    ];
  });
}

/**
 * The raw input a failed validation saw. @hono/zod-validator passes it as `data` (its Hook type says
 * so); @hono/zod-openapi's narrower Hook type leaves it out, hence the `in` check.
 */
export function failedInput(result: object): unknown {
  return 'data' in result ? result.data : undefined;
}

export function validationError(issues: readonly Issue[], code?: string, input?: unknown): DomainError {
  const details = issuesToDetails(issues, input);
  const first = details[0];
  return new DomainError('invalid', details.length === 1 && first ? first.message : Messages.validation, { code, details });
}

/**
 * Every resource router comes from here, so every route reports validation failures the same way:
 * a 422 Gigs error naming each bad property (query, path or body).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, undefined, failedInput(result));
    },
  });
}
