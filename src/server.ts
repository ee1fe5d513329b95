import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import { wallTimers } from './engine/clock.js';
import { errorBody } from './http/errors.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
import { DomainError, Messages } from './store/errors.js';

export interface ListenOptions {
  port?: number;
  host?: string;
}

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
  const server = createAdaptorServer({ fetch: sim.app.fetch });
  // Requests Node's HTTP parser refuses (an unknown method, headers or a URL over 16 KB) never
  // reach the app: answer them with a Gigs error body too, instead of an empty 400 or a reset.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify(
      errorBody(new DomainError('malformed', status === 431 ? Messages.headersTooLarge : Messages.malformedRequest)),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4020, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
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

/**
 * Test helper: a fresh simulator listening on a free loopback port.
 * `await using server = await startSimulator()` or `await server.close()`.
 */
export async function startSimulator(options: SimulatorOptions & ListenOptions = {}): Promise<RunningServer> {
  const { port, host, ...simOptions } = options;
  const sim = createSimulator({ publicUrl: 'http://127.0.0.1', ...simOptions });
  const running = await listen(sim, { port: port ?? 0, host: host ?? '127.0.0.1' });
  if (simOptions.publicUrl === undefined) sim.publicUrl = running.url;
  return running;
}
