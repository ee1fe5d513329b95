import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * `gigs-mock listen`: a webhook receiver for development, what `stripe listen` is to Stripe. It
 * verifies every delivery with `standardwebhooks` (the scheme Gigs' provider Svix uses), prints one
 * line per event, answers 2xx (or 4xx for a bad signature, so the sender's retries show up), and
 * can forward verified deliveries, headers untouched, to the app under development.
 */
export interface ReceiverOptions {
  /** The whsec_ secret the simulator (or Gigs) signs with. */
  secret: string;
  /** Verified deliveries are POSTed here as received; the answer is passed back to the sender. */
  forwardTo?: string | undefined;
  /** One line per delivery. */
  log: (line: string) => void;
  /** Injected for tests; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface Delivery {
  verified: boolean;
  status: number;
  type: string | undefined;
  id: string | undefined;
  reason: string | undefined;
}

export interface RunningReceiver {
  url: string;
  port: number;
  /** Every delivery seen, oldest first. */
  deliveries: Delivery[];
  close(): Promise<void>;
}

/** A delivery larger than this is refused unread (the simulator's events are a few KB). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;
/** How long a forwarded delivery may take; the simulator itself gives up after 15 s. */
const FORWARD_TIMEOUT_MS = 10_000;

export const ListenMessages = {
  methodNotAllowed: 'The webhook receiver takes deliveries as POST requests.',
  tooLarge: `The delivery is larger than ${MAX_DELIVERY_BYTES} bytes.`,
  notJson: 'The delivery is signed correctly but its body is not JSON.',
  forwardFailed: (url: string, why: string) => `Forwarding the delivery to ${url} failed: ${why}.`,
} as const;

const errorJson = (type: string, message: string) => JSON.stringify({ object: 'error', type, message });

/** The ids worth seeing in a log line: the resource, and the user it belongs to. */
function describeData(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const d = data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.object === 'string' && typeof d.id === 'string') parts.push(`${printable(d.object)}=${printable(d.id)}`);
  const user = typeof d.user === 'string' ? d.user : (d.user as { id?: unknown } | null | undefined)?.id;
  if (typeof user === 'string' && d.object !== 'user') parts.push(`user=${printable(user)}`);
  return parts.join(' ');
}

/**
 * A value from a delivery, safe on one log line: anyone can POST to the receiver, so control
 * characters (a newline forging a "verified" line, terminal escapes) are shown escaped, and long
 * values are cut.
 */
function printable(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\s]/g, (c) =>
    c === ' ' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** `verified com.gigs.subscription.activated evt_… subscription=sub_… user=usr_…` */
function line(verdict: string, type: unknown, id: unknown, data: unknown): string {
  return [
    verdict,
    type === undefined ? '(no type)' : printable(type),
    id === undefined ? '(no id)' : printable(id),
    describeData(data),
  ]
    .filter(Boolean)
    .join(' ');
}

/** Best effort, for the log line of a delivery that failed verification: what it claims to be. */
function peek(body: string): { type?: string; id?: string; data?: unknown } {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as { type?: string; id?: string; data?: unknown }) : {};
  } catch {
    return {};
  }
}

function verificationReason(err: unknown): string {
  if (err instanceof WebhookVerificationError) {
    const message = err.message;
    if (/missing required headers/i.test(message)) return 'missing webhook-id, webhook-timestamp or webhook-signature header';
    if (/too old|too new/i.test(message)) return `${message.toLowerCase()} (more than 5 minutes from this clock)`;
    if (/no matching signature/i.test(message)) return 'no matching signature (is the secret the one the sender uses?)';
    if (/invalid signature headers/i.test(message)) return 'the webhook-timestamp header is not a Unix time';
    return message;
  }
  return (err as Error).message;
}

/** Handles one delivery: verify, log, forward; resolves with the answer to give the sender. */
export async function receive(
  options: ReceiverOptions,
  verifier: Webhook,
  headers: IncomingHttpHeaders,
  body: string,
): Promise<{ status: number; body: string; delivery: Delivery }> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') plain[name] = value;
  let event: { type?: string; id?: string; data?: unknown };
  try {
    event = verifier.verify(body, plain) as typeof event;
  } catch (err) {
    const claimed = peek(body);
    const isJson = err instanceof SyntaxError;
    const reason = isJson ? ListenMessages.notJson : verificationReason(err);
    const status = isJson ? 400 : 401;
    const delivery = { verified: false, status, type: claimed.type, id: claimed.id ?? plain['webhook-id'], reason };
    options.log(`${line('REJECTED', claimed.type, delivery.id, claimed.data)}: ${reason} -> ${status}`);
    return { status, body: errorJson(isJson ? 'malformed' : 'unauthenticated', reason), delivery };
  }
  let status = 204;
  let answer = '';
  let note = '';
  if (options.forwardTo) {
    const forwarded = await forward(options, plain, body);
    status = forwarded.status;
    answer = forwarded.body;
    note = forwarded.ok ? ` (forwarded to ${options.forwardTo})` : ` (${forwarded.reason})`;
  }
  const delivery = { verified: true, status, type: event.type, id: event.id, reason: undefined };
  options.log(`${line('verified', event.type, event.id, event.data)} -> ${status}${note}`);
  return { status, body: answer, delivery };
}

async function forward(
  options: ReceiverOptions,
  headers: Record<string, string>,
  body: string,
): Promise<{ ok: boolean; status: number; body: string; reason?: string }> {
  const url = options.forwardTo as string;
  const pass: Record<string, string> = { 'content-type': headers['content-type'] ?? 'application/json' };
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'user-agent']) {
    const value = headers[name];
    if (value !== undefined) pass[name] = value;
  }
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: pass,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    return { ok: true, status: res.status, body: await res.text() };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const why =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${FORWARD_TIMEOUT_MS / 1000} s`
        : (cause ?? (err as Error).message);
    const reason = ListenMessages.forwardFailed(url, why);
    // Gigs has no "unavailable" type: a failure on the server side is `internal`.
    return { ok: false, status: 502, body: errorJson('internal', reason), reason };
  }
}

/** Starts the receiver; port 0 picks a free one (see `url`). Every path takes deliveries. */
export async function startReceiver(options: ReceiverOptions & { port?: number; host?: string }): Promise<RunningReceiver> {
  // Throws at once on a secret that is not whsec_ + base64, before anything listens.
  const verifier = new Webhook(options.secret);
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, body ? { 'content-type': 'application/json', ...extra } : extra).end(body);
    };
    if (req.method === 'GET' || req.method === 'HEAD') {
      const verified = deliveries.filter((d) => d.verified).length;
      return reply(200, JSON.stringify({ status: 'ok', received: deliveries.length, verified }));
    }
    if (req.method !== 'POST') return reply(405, errorJson('malformed', ListenMessages.methodNotAllowed), { allow: 'POST, GET' });
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DELIVERY_BYTES && !refused) {
        refused = true;
        options.log(`REJECTED ${req.headers['webhook-id'] ?? '(no id)'}: ${ListenMessages.tooLarge} -> 413`);
        deliveries.push({ verified: false, status: 413, type: undefined, id: undefined, reason: ListenMessages.tooLarge });
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(errorJson('malformed', ListenMessages.tooLarge));
        req.resume();
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      receive(options, verifier, req.headers, Buffer.concat(chunks).toString('utf8')).then(
        (answer) => {
          deliveries.push(answer.delivery);
          reply(answer.status, answer.body);
        },
        // A bug here must cost one delivery (which the sender retries), never the receiver.
        (err: unknown) => reply(500, errorJson('internal', `The receiver failed: ${(err as Error).message}`)),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4021, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  return {
    url,
    port: address.port,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
