import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages, type PropertyDetail } from '../store/errors.js';

export type AppEnv = { Variables: { sim: Simulator; project: string; apiKey: string } };

type Issue = z.core.$ZodIssue;

/** Zod issues -> Gigs `details[]`: one entry per property, `propertyRequired` when it was missing. */
export function issuesToDetails(issues: readonly Issue[]): PropertyDetail[] {
  return issues.map((issue) => {
    const property = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : 'body');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return {
      property: issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys.join(',') : property,
      code: missing ? 'propertyRequired' : 'propertyInvalid',
      message: missing
        ? `${property} is required.`
        : issue.code === 'unrecognized_keys'
          ? `Unknown property: ${issue.keys.join(', ')}.`
          : issue.message,
    };
  });
}

export function validationError(issues: readonly Issue[], code?: string): DomainError {
  const details = issuesToDetails(issues);
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
      if (!result.success) throw validationError(result.error.issues);
    },
  });
}
