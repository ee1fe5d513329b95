import type { Context, MiddlewareHandler } from 'hono';
import { DomainError, Messages } from '../store/errors.js';
import type { AppEnv } from './router.js';

const JSON_TYPE = /^application\/json/i;

/**
 * Enforces the body size limit and reads the whole body, so validation can parse it synchronously:
 * the text is left in the `body` variable (and in Hono's public `bodyCache`, for `c.req.text()`).
 * Returns undefined, without reading, when the headers say there is no body (a plain GET).
 *
 * A declared Content-Length over the limit is refused before anything is read. Under the Node
 * adapter the body is read from the Node stream itself; otherwise (in-process `app.request`,
 * chunked bodies) from the request, up to the limit. Hono's own bodyLimit wraps the request in a
 * new Request instead, and on Node 20 every such wrap stays reachable through its abort signal:
 * memory grew with each request.
 *
 * Many clients send `Content-Type: application/json` with no body on bodiless POSTs (cancel,
 * resume, end): that reads as `{}`, so validation decides, instead of a 400 malformed.
 */
export function readBody(c: Context<AppEnv>, maxBytes: number): Promise<void> | undefined {
  const declared = c.req.header('content-length');
  // No length and no chunked encoding: no body. Decided from headers alone, because touching
  // c.req.raw.body makes the Node adapter build a full Request (a cost on every GET).
  if (
    declared === undefined &&
    c.req.header('transfer-encoding') === undefined &&
    (c.req.method === 'GET' || c.req.method === 'HEAD')
  ) {
    return undefined;
  }
  if (declared !== undefined && Number(declared) > maxBytes) throw new DomainError('tooLarge', Messages.bodyTooLarge);
  return readText(c, maxBytes, declared !== undefined);
}

async function readText(c: Context<AppEnv>, maxBytes: number, declared: boolean): Promise<void> {
  // Served by @hono/node-server: read the Node request stream itself. Going through c.req.raw
  // would make the adapter build a WHATWG Request and stream for every body (a third of a POST).
  const incoming = (c.env as { incoming?: AsyncIterable<Uint8Array> } | undefined)?.incoming;
  let chunks: AsyncIterable<Uint8Array> | undefined = incoming && declared ? incoming : undefined;
  let cancel = async () => {};
  if (!chunks) {
    const body = c.req.raw.body;
    if (body === null) return;
    const reader = body.getReader();
    cancel = () => reader.cancel().catch(() => undefined);
    chunks = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      },
    };
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    // A client may send more than it declared: the limit still holds.
    size += chunk.byteLength;
    if (size > maxBytes) {
      await cancel();
      throw new DomainError('tooLarge', Messages.bodyTooLarge);
    }
    parts.push(chunk);
  }
  const raw = Buffer.concat(parts).toString('utf8');
  const text = JSON_TYPE.test(c.req.header('content-type') ?? '') && raw.trim() === '' ? '{}' : raw;
  c.set('body', text);
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

/** readBody as a middleware, for the control plane (snapshots have their own, larger limit). */
export function bodyReader(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await readBody(c, maxBytes);
    await next();
  };
}
