import type { MiddlewareHandler } from 'hono';
import { DomainError, Messages } from '../store/errors.js';
import type { AppEnv } from './router.js';

const JSON_TYPE = /^application\/json/i;

/**
 * Enforces the body size limit and reads an empty JSON body as `{}`.
 *
 * A declared Content-Length over the limit is refused before anything is read. Under the Node
 * adapter the body is read from the Node stream itself; otherwise (in-process `app.request`,
 * chunked bodies) from the request, up to the limit. Either way it is handed on through Hono's
 * public `bodyCache`. Hono's own bodyLimit wraps the request in a new Request instead, and on Node 20
 * every such wrap stays reachable through its abort signal: memory grew with each request.
 *
 * Many clients send `Content-Type: application/json` with no body on bodiless POSTs (cancel,
 * resume, end): that reads as `{}`, so validation decides, instead of a 400 malformed.
 */
export function readBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    // No length and no chunked encoding: no body. Decided from headers alone, because touching
    // c.req.raw.body makes the Node adapter build a full Request (a cost on every GET).
    if (
      declared === undefined &&
      c.req.header('transfer-encoding') === undefined &&
      (c.req.method === 'GET' || c.req.method === 'HEAD')
    ) {
      return next();
    }
    if (declared !== undefined && Number(declared) > maxBytes) throw new DomainError('tooLarge', Messages.bodyTooLarge);
    const cache = c.req.bodyCache as Record<string, unknown>;
    const isJson = JSON_TYPE.test(c.req.header('content-type') ?? '');
    // Served by @hono/node-server: read the Node request stream itself. Going through c.req.raw
    // would make the adapter build a WHATWG Request and stream for every body (a third of a POST).
    const incoming = (c.env as { incoming?: AsyncIterable<Uint8Array> } | undefined)?.incoming;
    if (incoming && declared !== undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of incoming) {
        // A client may send more than it declared: the limit still holds.
        size += chunk.byteLength;
        if (size > maxBytes) throw new DomainError('tooLarge', Messages.bodyTooLarge);
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      cache.text = Promise.resolve(isJson && text.trim() === '' ? '{}' : text);
      return next();
    }
    const raw = c.req.raw;
    if (raw.body === null) return next();
    if (declared !== undefined) {
      if (Number(declared) === 0 && isJson) cache.text = Promise.resolve('{}');
      return next();
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new DomainError('tooLarge', Messages.bodyTooLarge);
      }
      chunks.push(value);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    cache.text = Promise.resolve(isJson && text.trim() === '' ? '{}' : text);
    return next();
  };
}
