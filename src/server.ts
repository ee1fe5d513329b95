import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { wallTimers } from './engine/clock.js';
import { errorBody } from './http/errors.js';
import { closeLiveStreams } from './inspector/live.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
import { DomainError, Messages } from './store/errors.js';

export interface ListenOptions {
  port?: number;
  host?: string;
  /** How long a client may take to send a whole request (headers and body). Default 60 s. */
  requestTimeoutMs?: number;
  /** How long a client may take to send the request line and headers. Default 20 s. */
  headersTimeoutMs?: number;
}

/** A client slower than this to send its request gets a 408 and the connection is closed. */
export const REQUEST_TIMEOUT_MS = 60_000;
export const HEADERS_TIMEOUT_MS = 20_000;

export interface RunningServer {
  url: string;
  port: number;
  sim: Simulator;
  /** Stops accepting, lets in-flight requests finish, settles due work. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** How often the server settles due work between requests (wall time, not domain time). */
const TICK_MS = 100;
/** How long shutdown waits for webhook deliveries in flight. */
const FLUSH_MS = 5_000;

/** Serves a simulator over HTTP. Port 0 picks a free port (see `url`). */
export async function listen(sim: Simulator, options: ListenOptions = {}): Promise<RunningServer> {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout);
  // Requests the adapter cannot turn into a Request (`OPTIONS *`, no Host header, as HTTP/1.0 and
  // 0.9 clients send them) get a Gigs 400 instead of an empty one.
  const listener = getRequestListener(sim.app.fetch, {
    errorHandler: () => gigsResponse(400, new DomainError('malformed', Messages.malformedRequest)),
  });
  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      // Timeouts are checked this often (Node's default, 30 s, would let a slow client stay open
      // that much longer than the documented limit).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      // Missing Host headers are answered by the adapter's error handler above, with a Gigs body.
      requireHostHeader: false,
    },
    listener,
  );
  // `Expect: <anything but 100-continue>`: Node answers 417 with an empty body by default.
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify(errorBody(new DomainError('malformed', Messages.expectationFailed)));
    res.writeHead(417, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  });
  // Requests Node's HTTP parser refuses (an unknown method, headers or a URL over 16 KB) never
  // reach the app: answer them with a Gigs error body too, instead of an empty 400 or a reset.
  // A client too slow to send its request (requestTimeout, headersTimeout) gets a 408.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (!socket.writable || inProgress) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431 ? Messages.headersTooLarge : status === 408 ? Messages.requestTimeout : Messages.malformedRequest;
    const body = JSON.stringify(errorBody(new DomainError('malformed', message)));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4020, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      // After the start, a server error (EMFILE: out of file descriptors, so a connection could not
      // be accepted) is reported and the server goes on serving the connections it has.
      server.on('error', (err) => sim.reportError(err, 'server'));
      resolve();
    });
  });
  const tick = wallTimers.every(TICK_MS, () => sim.settle());
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      tick.stop();
      // An open inspector page holds an event stream: end it, or close() would wait for it forever.
      closeLiveStreams(sim);
      server.close(() => {
        sim.settle();
        // Flush webhook deliveries already under way or queued, for at most a few seconds.
        void Promise.race([sim.webhooks.idle(), wallTimers.sleep(FLUSH_MS)]).then(() => resolve());
      });
      // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    });
    return closing;
  };
  return { url, port: address.port, sim, close, [Symbol.asyncDispose]: close };
}

function gigsResponse(status: number, error: DomainError): Response {
  return new Response(JSON.stringify(errorBody(error)), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * Test helper: a fresh simulator listening on a free loopback port.
 * `await using server = await startSimulator()` or `await server.close()`.
 */
export async function startSimulator(options: SimulatorOptions & ListenOptions = {}): Promise<RunningServer> {
  const { port, host, requestTimeoutMs, headersTimeoutMs, ...simOptions } = options;
  const sim = createSimulator({ publicUrl: 'http://127.0.0.1', ...simOptions });
  const running = await listen(sim, { port: port ?? 0, host: host ?? '127.0.0.1', requestTimeoutMs, headersTimeoutMs });
  if (simOptions.publicUrl === undefined) sim.publicUrl = running.url;
  return running;
}
