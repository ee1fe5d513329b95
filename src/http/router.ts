import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context, Handler, MiddlewareHandler, Next } from 'hono';
import { apiKeyId } from '../engine/events.js';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages, type PropertyDetail } from '../store/errors.js';
import type { Actor } from '../store/types.js';

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

/** API key tokens are secrets; events name them by a stable `apk_` id derived from the token. */
const keyIds = new Map<string, string>();
function actorOf(c: Context<AppEnv>): Actor {
  const token = c.get('apiKey');
  let id = keyIds.get(token);
  if (id === undefined) {
    id = apiKeyId(token);
    // A cache, not state: bounded, and the same for every simulator (the id is a pure function).
    if (keyIds.size > 1000) keyIds.clear();
    keyIds.set(token, id);
  }
  return { type: 'apiKey', apiKey: id };
}

/** A zod parse that throws the Gigs 422 the validation hook would have thrown. */
function parseOrThrow(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error.issues, undefined, value);
  return result.data;
}

/** The query as Hono's validator reads it: one value per name, an array for a repeated name. */
function queryOf(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

/**
 * Validates the query and path parameters of a route in one synchronous step, in the order
 * @hono/zod-openapi would (query, then path), with the same zod schemas. Most requests carry no
 * query at all: the parse of an empty query is made once and reused (frozen, handlers only read it).
 */
function requestValidator(query: z.ZodType | undefined, params: z.ZodType | undefined): MiddlewareHandler<AppEnv> {
  let emptyQuery: unknown;
  return (c, next) => {
    if (query) {
      let value: unknown;
      if (c.req.url.includes('?')) value = parseOrThrow(query, queryOf(c));
      else value = emptyQuery ??= Object.freeze(parseOrThrow(query, {}));
      c.req.addValidatedData('query', value as object);
    }
    if (params) c.req.addValidatedData('param', parseOrThrow(params, c.req.param()) as object);
    return next();
  };
}

type RouteConfig = Parameters<OpenAPIHono<AppEnv>['openapi']>[0];

/**
 * Every resource router comes from here, so every route reports validation failures the same way
 * (a 422 Gigs error naming each bad property of the query, path or body), and every handler's
 * store call runs as the request's API key, which events name as their actor.
 *
 * A route is documented exactly as declared, but its query and path are checked by one synchronous
 * middleware (requestValidator) instead of @hono/zod-openapi's two asynchronous validators, which
 * cost a third of a GET's time in the framework. Bodies still go through @hono/zod-openapi (415
 * for a wrong media type, 400 for malformed JSON, then the schema).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, undefined, failedInput(result));
    },
  });
  const register = router.openapi.bind(router);
  // Handlers are synchronous (validate, one store call, serialise), so the actor is set around
  // exactly that call and no other request can interleave.
  router.openapi = ((route: RouteConfig, handler: Handler<AppEnv>, hook?: Parameters<typeof register>[2]) => {
    const { middleware, hide, ...declared } = route;
    if (!hide) router.openAPIRegistry.registerPath(declared);
    const { query, params, ...rest } = route.request ?? {};
    const before = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    return register(
      { ...route, hide: true, request: rest, middleware: [...before, requestValidator(query, params)] },
      ((c: Context<AppEnv>, next: Next) => c.get('sim').store.as(actorOf(c), () => handler(c, next))) as never,
      hook,
    );
  }) as typeof router.openapi;
  return router;
}
