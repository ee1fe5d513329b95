import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context, Handler, Next } from 'hono';
import { apiKeyId } from '../engine/events.js';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages, type PropertyDetail } from '../store/errors.js';
import type { Actor } from '../store/types.js';
import { enterProject } from './gate.js';
import { issueMessage } from './issue-message.js';
import { resolvePath } from './path-guard.js';
import { serveTracked } from './tracking.js';
import { checkUserScope, narrowedQuery } from './user-scope.js';

/** `body` is the request body's text once read (src/http/body.ts); undefined when there was none. */
export type AppEnv = {
  Variables: {
    sim: Simulator;
    project: string;
    apiKey: string;
    body: string | undefined;
    /** Set when the bearer token is a user token from a Connect Session: the user it acts for. */
    user: string | undefined;
  };
};

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
        message: missing ? `${property} is required.` : issueMessage(issue, property),
      },
    ];
  });
}

/**
 * The raw input a failed validation saw, for a route's own hook: createRouter passes it as `data`,
 * which @hono/zod-openapi's Hook type leaves out, hence the `in` check.
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
const actors = new Map<string, Actor>();
function actorOf(c: Context<AppEnv>): Actor {
  const user = c.get('user');
  if (user !== undefined) return { type: 'user', user };
  const token = c.get('apiKey');
  let actor = actors.get(token);
  if (actor === undefined) {
    actor = Object.freeze({ type: 'apiKey', apiKey: apiKeyId(token) });
    // A cache, not state: bounded, and the same for every simulator (the actor is a pure function).
    if (actors.size > 1000) actors.clear();
    actors.set(token, actor);
  }
  return actor;
}

type Target = 'query' | 'param' | 'json';
/** A route's own say on a failed validation (addresses name their error code); it throws. */
type Hook = (result: { success: false; error: z.ZodError; target: Target; data: unknown }, c: Context<AppEnv>) => unknown;

/** A zod parse that throws the Gigs 422 naming each bad property (or what the route's hook throws). */
function parseOrThrow(schema: z.ZodType, value: unknown, target: Target, c: Context<AppEnv>, hook?: Hook): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  hook?.({ success: false, error: result.error, target, data: value }, c);
  throw validationError(result.error.issues, undefined, value);
}

/** The query as Hono's validator reads it: one value per name, an array for a repeated name. */
function queryOf(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

// The media types a JSON body may be sent with, as @hono/zod-openapi accepts them.
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const JSON_MEDIA_TYPE = /^application\/([a-z-.]+\+)?json/i;

type RouteConfig = Parameters<OpenAPIHono<AppEnv>['openapi']>[0];
type BodyConfig = { required?: boolean; content?: Record<string, { schema?: unknown } | undefined> };

/** Checks a JSON body: 415 for another media type, 400 when it is not JSON, 422 against the schema. */
function jsonBody(c: Context<AppEnv>, schema: z.ZodType, required: boolean, hook?: Hook): unknown {
  const type = c.req.header('content-type');
  const text = c.get('body');
  // An empty Content-Type header counts as none, as it did for @hono/zod-openapi.
  if (!type) {
    if (text !== undefined && text.length > 0) throw new DomainError('unsupportedMediaType', Messages.unsupportedMediaType);
    // An optional body may be left out; a required one is validated as empty.
    return required ? parseOrThrow(schema, {}, 'json', c, hook) : {};
  }
  if (!JSON_REQUEST.test(type)) throw new DomainError('unsupportedMediaType', Messages.unsupportedMediaType);
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    throw new DomainError('malformed', Messages.malformedJson);
  }
  return parseOrThrow(schema, value, 'json', c, hook);
}

/**
 * Validates a route's query, path and body with its declared zod schemas, synchronously, in the
 * order @hono/zod-openapi does (query, path, body). Most requests carry no query: the parse of an
 * empty query is made once and reused (frozen: handlers only read it).
 */
function requestValidator(
  request: RouteConfig['request'],
  hook?: Hook,
): (c: Context<AppEnv>, path: Record<string, string>) => void {
  const query = request?.query as z.ZodType | undefined;
  const params = request?.params as z.ZodType | undefined;
  const body = request?.body as BodyConfig | undefined;
  const contents = Object.entries(body?.content ?? {});
  // What this validator does not check must not be declared (it would be documented, not enforced).
  if (request?.headers || request?.cookies || contents.some(([type]) => !JSON_MEDIA_TYPE.test(type))) {
    throw new TypeError('createRouter validates query, path and JSON bodies only');
  }
  const bodySchema = contents[0]?.[1]?.schema as z.ZodType | undefined;
  let emptyQuery: object | undefined;
  return (c, path) => {
    if (query) {
      if (c.req.url.includes('?')) c.req.addValidatedData('query', parseOrThrow(query, queryOf(c), 'query', c, hook) as object);
      else {
        emptyQuery ??= Object.freeze(parseOrThrow(query, {}, 'query', c, hook) as object);
        c.req.addValidatedData('query', emptyQuery);
      }
    }
    if (params) c.req.addValidatedData('param', parseOrThrow(params, path, 'param', c, hook) as object);
    if (bodySchema) c.req.addValidatedData('json', jsonBody(c, bodySchema, body?.required === true, hook) as object);
  };
}

const noNext: Next = async () => {};

/**
 * Every resource router comes from here, so every route goes through the same steps in the same
 * order: settle due work (src/http/tracking.ts); enter the project (auth, body limit, injected
 * faults: src/http/gate.ts); resolve the ids in the path (404); validate query, path and body
 * against the route's zod schemas (a 422 Gigs error naming each bad property); run the handler,
 * whose store call runs as the request's API key (events name it as their actor); log the request.
 *
 * A route is documented exactly as declared (`/openapi.json`), but is served by one Hono handler
 * that takes those steps itself, rather than by @hono/zod-openapi's chain of asynchronous
 * middleware and an app-wide middleware: the chain cost more than the route's own work (see
 * bench/RESULTS.md). A router is made per simulator, so its handlers know theirs without a
 * middleware to tell them.
 */
export function createRouter(sim: Simulator): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>();
  router.openapi = ((route: RouteConfig, handler: Handler<AppEnv>, hook?: Hook) => {
    const { middleware, hide, ...declared } = route;
    if (middleware !== undefined) throw new TypeError(`${route.path}: routes take no middleware; createRouter runs every step`);
    if (!hide) router.openAPIRegistry.registerPath(declared);
    const validate = requestValidator(route.request, hook);
    const routeKey = `${route.method.toUpperCase()} ${route.path}`;
    // Handlers are synchronous (one store call, serialise), so the actor is set around exactly that
    // call and no other request can interleave.
    const serve = (c: Context<AppEnv>) => {
      const path = c.req.param() as Record<string, string>;
      // A user token reaches only its own user's resources (403 off its routes, 404 for another's).
      const narrowed = c.get('user') !== undefined;
      if (narrowed) checkUserScope(sim.store, routeKey, c, path);
      resolvePath(sim.store, c.get('project'), path);
      validate(c, path);
      if (narrowed && route.request?.query)
        c.req.addValidatedData('query', narrowedQuery(routeKey, c, c.req.valid('query' as never)));
      return sim.store.as(actorOf(c), () => handler(c, noNext));
    };
    // A request that waited (for its body, or an injected latency) may find its project reset
    // meanwhile: it is opened again, so the request runs wholly after the reset, as if it had come
    // then, instead of a 404 for a project that exists. A reset looks atomic to it.
    const reopenAndServe = (c: Context<AppEnv>) => {
      // Routes outside a project (`/deviceModelBrands`) have none to re-open.
      const project = c.get('project') as string | undefined;
      if (project !== undefined) sim.store.openProject(project);
      return serve(c);
    };
    const enterAndServe = (c: Context<AppEnv>) => {
      const entering = enterProject(c, c.req.param('project'));
      return entering ? entering.then((blocked) => blocked ?? reopenAndServe(c)) : serve(c);
    };
    router.on(route.method.toUpperCase(), route.path.replaceAll(/\/{(.+?)}/g, '/:$1'), (c) =>
      serveTracked(c, sim, () => enterAndServe(c) as Response | Promise<Response>),
    );
    return router;
  }) as typeof router.openapi;
  return router;
}
