import { wallTimers } from '../engine/clock.js';
import type { Simulator } from '../simulator.js';

/**
 * Live updates for the inspector: one hub per simulator fans "something changed" out to every
 * open page over server-sent events; a page then fetches itself again and swaps its live regions.
 * Events and requests are pushed as they happen; webhook attempts, jobs and faults (which have no
 * listener) are noticed by a cheap check every POLL_MS of wall time, only while a page is open.
 */
const POLL_MS = 250;
/** Proxies close idle streams; a comment now and then keeps them open. */
const KEEPALIVE_MS = 15_000;

interface Client {
  send(text: string): void;
  close(): void;
}

class LiveHub {
  readonly #clients = new Set<Client>();
  readonly #sim: Simulator;
  #poll: { stop(): void } | undefined;
  #keepalive: { stop(): void } | undefined;
  #signature = '';

  constructor(sim: Simulator) {
    this.#sim = sim;
    sim.events.onEvent((event) => this.notify('event', event.id));
    sim.requests.onEntry(() => this.notify('request'));
  }

  get size(): number {
    return this.#clients.size;
  }

  add(client: Client): () => void {
    this.#clients.add(client);
    if (this.#poll === undefined) {
      this.#signature = this.#currentSignature();
      this.#poll = wallTimers.every(POLL_MS, () => this.#check());
      this.#keepalive = wallTimers.every(KEEPALIVE_MS, () => this.#broadcast(': keepalive\n\n'));
    }
    return () => {
      this.#clients.delete(client);
      if (this.#clients.size === 0) {
        this.#poll?.stop();
        this.#keepalive?.stop();
        this.#poll = undefined;
        this.#keepalive = undefined;
      }
    };
  }

  /** Tells every open page that the world changed (`kind` says how; pages refresh either way). */
  notify(kind: string, id?: string): void {
    if (this.#clients.size === 0) return;
    this.#signature = this.#currentSignature();
    this.#broadcast(`event: change\ndata: ${JSON.stringify(id === undefined ? { kind } : { kind, id })}\n\n`);
  }

  /** Ends every stream (the server is shutting down: an open page must not hold it open). */
  closeAll(): void {
    for (const client of [...this.#clients]) client.close();
  }

  #check(): void {
    const signature = this.#currentSignature();
    if (signature !== this.#signature) this.notify('state');
  }

  /** What the pages show that changes without an event or a request: deliveries, jobs, faults, the clock's mode. */
  #currentSignature(): string {
    const sim = this.#sim;
    const deliveries = sim.webhooks
      .deliveries({}, 20)
      .map((d) => `${d.id}:${d.status}:${d.attempts.length}`)
      .join(',');
    return `${sim.scheduler.size}|${sim.scheduler.ran}|${sim.faults.list().length}|${sim.clock.frozen}|${deliveries}`;
  }

  #broadcast(text: string): void {
    for (const client of this.#clients) client.send(text);
  }
}

const hubs = new WeakMap<Simulator, LiveHub>();

/** Ends the inspector's open event streams, if any (server shutdown). */
export function closeLiveStreams(sim: Simulator): void {
  hubs.get(sim)?.closeAll();
}

export function liveHub(sim: Simulator): LiveHub {
  let hub = hubs.get(sim);
  if (hub === undefined) {
    hub = new LiveHub(sim);
    hubs.set(sim, hub);
  }
  return hub;
}

/** GET /__mock/ui/stream: an event stream that says `change` whenever the simulated world moves. */
export function liveStream(sim: Simulator, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let leave: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        leave?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const client: Client = {
        send(text) {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            leave?.();
          }
        },
        close,
      };
      leave = liveHub(sim).add(client);
      // The first message tells the page it is live (and how long to wait before reconnecting).
      controller.enqueue(encoder.encode('retry: 1000\nevent: ready\ndata: {}\n\n'));
      signal.addEventListener('abort', close);
    },
    cancel() {
      leave?.();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
