import type { Readable } from 'node:stream';
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
export function readBody(
  c: Context<AppEnv>,
  maxBytes: number,
  tooLarge: string = Messages.bodyTooLarge,
): Promise<void> | undefined {
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
  if (declared !== undefined && Number(declared) > maxBytes) throw new DomainError('tooLarge', tooLarge);
  return readText(c, maxBytes, declared !== undefined, tooLarge);
}

async function readText(c: Context<AppEnv>, maxBytes: number, declared: boolean, tooLarge: string): Promise<void> {
  // Served by @hono/node-server: read the Node request stream itself. Going through c.req.raw
  // would make the adapter build a WHATWG Request and stream for every body (a third of a POST).
  const incoming = (c.env as { incoming?: Readable } | undefined)?.incoming;
  if (incoming && declared) return keep(c, await readNodeStream(incoming, maxBytes, tooLarge));
  // Otherwise (in-process `app.request`, or no declared length): the request's own stream.
  const body = c.req.raw.body;
  if (body === null) return;
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A client may send more than it declared: the limit still holds.
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DomainError('tooLarge', tooLarge);
    }
    parts.push(value);
  }
  keep(c, Buffer.concat(parts).toString('utf8'));
}

/**
 * The whole body of a Node request, up to `maxBytes` (413 past it). Plain listeners: the stream's
 * async iterator costs more than the rest of reading a small JSON body.
 */
function readNodeStream(incoming: Readable, maxBytes: number, tooLarge: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      // A client may send more than it declared: the limit still holds.
      size += chunk.byteLength;
      if (size > maxBytes) {
        done();
        reject(new DomainError('tooLarge', tooLarge));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(parts, size).toString('utf8'));
    };
    const done = () => {
      incoming.off('data', onData).off('end', onEnd).off('error', onAborted).off('aborted', onAborted);
    };
    // A client that goes away mid-body is not a bug of ours: a 400 nobody will read, logged as such.
    const onAborted = () => {
      done();
      reject(new DomainError('malformed', Messages.bodyAborted));
    };
    incoming.on('data', onData).on('end', onEnd).on('error', onAborted).on('aborted', onAborted);
    // The request may have waited (a clock advance in progress) and be over already: no event
    // will come again, so settle now.
    if (incoming.readableEnded) onEnd();
    else if (incoming.destroyed || incoming.errored) onAborted();
  });
}

/** Leaves the text for validation (`body`) and for `c.req.text()`; an empty JSON body reads as `{}`. */
function keep(c: Context<AppEnv>, raw: string): void {
  const text = JSON_TYPE.test(c.req.header('content-type') ?? '') && raw.trim() === '' ? '{}' : raw;
  c.set('body', text);
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

/**
 * readBody as a middleware, for the control plane: the API's 1 MB for every body, except a
 * snapshot PUT, which may be as large as --max-snapshot-size.
 */
export function controlBodyReader(snapshotPath: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sim = c.get('sim');
    if (c.req.method === 'PUT' && c.req.path === snapshotPath) {
      const max = sim.options.maxSnapshotBytes;
      await readBody(c, max, Messages.snapshotTooLarge(max));
    } else await readBody(c, MAX_BODY_BYTES);
    await next();
  };
}

/** The API's body limit (and every control-plane body but a snapshot's). */
export const MAX_BODY_BYTES = 1024 * 1024;
