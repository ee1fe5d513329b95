import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';

/**
 * Serialisations of frozen wire objects. The store hands out the same deeply frozen object while
 * its records are unchanged (see SubscriptionStore): it cannot change, so neither can its JSON, and
 * a repeated GET then costs no JSON.stringify. Only deeply frozen objects may be sent through here.
 * Keyed weakly: an entry lives exactly as long as the object it describes.
 */
const serialised = new WeakMap<object, string>();
const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** `c.json(value, status)`, reusing the text of a frozen value answered before. */
export function sendJson<T extends object, S extends ContentfulStatusCode>(
  c: Context,
  value: T,
  status: S,
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  if (!Object.isFrozen(value)) return c.json(value, status);
  let text = serialised.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialised.set(value, text);
  }
  // The same response c.json would make (status, body, content type); typed as c.json's so the
  // OpenAPI route still checks the body against the declared response schema.
  return c.body(text, status, JSON_HEADERS) as unknown as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}
