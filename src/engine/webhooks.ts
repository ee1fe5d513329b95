import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type Clock, toIso, wallTimers } from './clock.js';
import type { GigsEvent, LoggedEvent } from './events.js';

/** What delivery needs to know of an event before (and whether) it serialises it. */
type EventRef = Pick<GigsEvent, 'id' | 'type' | 'project'>;

import { invalidProperty, Messages } from '../store/errors.js';
import type { Random } from './random.js';
import type { Scheduler } from './scheduler.js';

/** Svix's retry schedule: the first attempt at once, then after 5s, 5m, 30m, 2h, 5h, 10h, 10h. */
export const RETRY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const JOB_WEBHOOK_RETRY = 'webhook.retry';

export interface WebhookEndpoint {
  id: string;
  url: string;
  /** Event types delivered to it (`com.gigs.subscription.*` allowed); null: every type. */
  types: string[] | null;
  /** Only events of this project; null: every project. */
  project: string | null;
  createdAt: string;
}

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface Delivery {
  id: string;
  /** The Svix message id, sent as `webhook-id`: the same on every attempt and redelivery. */
  messageId: string;
  event: string;
  eventType: string;
  project: string;
  endpoint: string;
  url: string;
  status: 'pending' | 'sending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
}

export interface WebhookOptions {
  secret: string;
  fetch: typeof fetch;
  /** How long one attempt may take before it counts as failed (Svix: 15s). */
  timeoutMs: number;
  /** Deliveries sent at the same time, at most. */
  concurrency: number;
  /** Delivery records kept for the log (oldest finished ones go first). */
  capacity: number;
  /**
   * Unfinished deliveries (pending or sending) kept per endpoint while its last attempt failed;
   * past it the oldest is given up (failed, logged), as Svix gives up on endpoints that keep
   * failing. Bounds memory and work while a receiver is down. Default 1,000.
   */
  maxPending?: number;
  /** Told about each delivery given up because of maxPending. */
  onGiveUp?: (delivery: Delivery, reason: string) => void;
}

export const DEFAULT_MAX_PENDING = 1_000;

export const givenUpReason = (max: number): string =>
  `given up: the endpoint has more than ${max} undelivered deliveries (oldest go first)`;

/** A fresh `whsec_` secret: 24 random bytes, base64, as Svix issues them. */
export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Delivers events to webhook endpoints, signed as Standard Webhooks (the scheme of Gigs' provider
 * Svix). Sending never blocks the request that caused the event. Failures are retried on Svix's
 * schedule through the scheduler, so moving the simulator's clock replays them.
 */
export class WebhookDispatcher {
  readonly #endpoints = new Map<string, WebhookEndpoint>();
  readonly #deliveries = new Map<string, Delivery & { payload: string }>();
  /** Per endpoint, its unfinished deliveries in creation order (the oldest is given up first). */
  readonly #unfinished = new Map<string, Set<string>>();
  /** Finished deliveries in the order they finished: trimming takes the first, never walks the rest. */
  readonly #finished = new Set<string>();
  /** Endpoints whose last attempt failed, with the time of their next retry (see #create). */
  readonly #failingUntil = new Map<string, number>();
  readonly #queue: string[] = [];
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #signer: Webhook;
  #secret: string;

  readonly #clock: Clock;
  readonly #random: Random;
  readonly #scheduler: Scheduler;
  readonly #options: WebhookOptions;

  constructor(clock: Clock, random: Random, scheduler: Scheduler, options: WebhookOptions) {
    this.#clock = clock;
    this.#random = random;
    this.#scheduler = scheduler;
    this.#options = options;
    this.#secret = options.secret;
    this.#signer = new Webhook(options.secret);
    scheduler.on(JOB_WEBHOOK_RETRY, (job) => this.#enqueue(job.target));
  }

  get secret(): string {
    return this.#secret;
  }

  addEndpoint(url: string, types: string[] | null = null, project: string | null = null): WebhookEndpoint {
    if (targetsControlPlane(url)) throw invalidProperty('url', Messages.webhookToControlPlane);
    const endpoint: WebhookEndpoint = { id: this.#random.id('whe'), url, types, project, createdAt: this.#clock.nowIso() };
    this.#endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  removeEndpoint(id: string): boolean {
    this.#failingUntil.delete(id);
    return this.#endpoints.delete(id);
  }

  endpoints(): WebhookEndpoint[] {
    return [...this.#endpoints.values()];
  }

  clearEndpoints(): void {
    this.#failingUntil.clear();
    this.#endpoints.clear();
  }

  /** Called for every event: one delivery per matching endpoint, first attempt at once. */
  dispatch(event: LoggedEvent): Delivery[] {
    if (this.#endpoints.size === 0) return [];
    let payload: string | undefined;
    const out: Delivery[] = [];
    for (const endpoint of this.#endpoints.values()) {
      if (!wants(endpoint, event)) continue;
      // Serialised once, and only when some endpoint takes the event.
      payload ??= JSON.stringify(event.envelope());
      out.push(this.#create(event, endpoint, payload));
    }
    return out;
  }

  /** Sends an event again to every endpoint that takes its type (same webhook-id). */
  redeliver(event: GigsEvent): Delivery[] {
    const payload = JSON.stringify(event);
    return [...this.#endpoints.values()].filter((e) => wants(e, event)).map((e) => this.#create(event, e, payload));
  }

  deliveries(filter: { event?: string; endpoint?: string; status?: string } = {}, limit = 100): Delivery[] {
    const out: Delivery[] = [];
    for (const d of [...this.#deliveries.values()].reverse()) {
      if (
        (filter.event && d.event !== filter.event) ||
        (filter.endpoint && d.endpoint !== filter.endpoint) ||
        (filter.status && d.status !== filter.status)
      ) {
        continue;
      }
      out.push(present(d));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Gives up on deliveries still waiting for a retry (their retry jobs are gone). */
  abandonPending(reason: string): void {
    for (const d of this.#deliveries.values()) {
      if (d.status !== 'pending') continue;
      this.#fail(d, reason);
    }
  }

  /** Resolves when nothing is being sent or waiting to be sent (retries scheduled later do not count). */
  idle(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #create(event: EventRef, endpoint: WebhookEndpoint, payload: string): Delivery {
    const delivery = {
      id: this.#random.id('whd'),
      messageId: `msg_${event.id.slice(4)}`,
      event: event.id,
      eventType: event.type,
      project: event.project,
      endpoint: endpoint.id,
      url: endpoint.url,
      status: 'pending' as Delivery['status'],
      attempts: [],
      nextAttemptAt: this.#clock.nowIso(),
      payload,
    };
    this.#deliveries.set(delivery.id, delivery);
    let open = this.#unfinished.get(endpoint.id);
    if (!open) {
      open = new Set();
      this.#unfinished.set(endpoint.id, open);
    }
    open.add(delivery.id);
    const max = this.#options.maxPending ?? DEFAULT_MAX_PENDING;
    // Only while the endpoint is failing: a burst to a healthy receiver queues in full.
    while (open.size > max && this.#failingUntil.has(endpoint.id)) {
      const oldest = this.#deliveries.get(open.values().next().value as string);
      if (!oldest) break;
      const reason = givenUpReason(max);
      this.#fail(oldest, reason);
      this.#options.onGiveUp?.(present(oldest), reason);
    }
    this.#trim();
    const retryAt = this.#failingUntil.get(endpoint.id);
    if (retryAt !== undefined) {
      // The endpoint's last attempt failed: rather than one more doomed attempt per event (a dead
      // receiver would cost every write a failed connection), the first attempt waits for the
      // endpoint's next retry, behind the deliveries already waiting for it.
      const at = Math.max(retryAt, this.#clock.now());
      delivery.nextAttemptAt = toIso(at);
      this.#scheduler.schedule({ at, kind: JOB_WEBHOOK_RETRY, project: delivery.project, target: delivery.id });
    } else this.#enqueue(delivery.id);
    return present(delivery);
  }

  #enqueue(id: string): void {
    this.#queue.push(id);
    this.#pump();
  }

  #pump(): void {
    while (this.#inFlight < this.#options.concurrency && this.#queue.length > 0) {
      const delivery = this.#deliveries.get(this.#queue.shift() as string);
      if (!delivery || delivery.status === 'succeeded' || delivery.status === 'failed') continue;
      if (!this.#endpoints.has(delivery.endpoint)) {
        // The endpoint was removed: nobody is waiting for this delivery any more.
        this.#fail(delivery, 'endpoint removed');
        continue;
      }
      this.#inFlight++;
      void this.#attempt(delivery).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#inFlight === 0 && this.#queue.length === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
    }
  }

  async #attempt(delivery: Delivery & { payload: string }): Promise<void> {
    delivery.status = 'sending';
    const at = this.#clock.now();
    // The signature timestamp is wall time: receivers check it against their own clock (5 minute
    // tolerance), which a moved simulator clock would break. Event `time` stays simulated time.
    const sentAt = new Date(wallTimers.now());
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#options.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gigs-mock-webhooks',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.#signer.sign(delivery.messageId, sentAt, delivery.payload),
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
        // Svix does not follow redirects: a 3xx is a failed attempt, and the signed body never
        // reaches the address a receiver points at.
        redirect: 'manual',
      });
      status = res.status;
      if (status >= 300 && status < 400) {
        const location = res.headers.get('location');
        error = `redirect not followed${location ? ` (Location: ${location.slice(0, 500)})` : ''}`;
      }
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error =
        err instanceof Error
          ? err.name === 'TimeoutError'
            ? 'timeout'
            : ((err.cause as Error | undefined)?.message ?? err.message)
          : String(err);
    }
    const attempt = { at: toIso(at), status, latencyMs: Math.round(performance.now() - started), error };
    // Given up while this attempt was in flight: the record stays failed, with the attempt's outcome.
    if ((delivery.status as Delivery['status']) === 'failed') {
      delivery.attempts.splice(delivery.attempts.length - 1, 0, attempt);
      return;
    }
    delivery.attempts.push(attempt);
    if (status !== null && status >= 200 && status < 300) {
      this.#failingUntil.delete(delivery.endpoint);
      delivery.status = 'succeeded';
      delivery.nextAttemptAt = null;
      this.#finish(delivery);
      return;
    }
    const wait = RETRY_SCHEDULE_MS[delivery.attempts.length];
    if (wait === undefined) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = null;
      this.#finish(delivery);
      return;
    }
    const due = this.#clock.now() + wait;
    delivery.status = 'pending';
    delivery.nextAttemptAt = toIso(due);
    this.#scheduler.schedule({ at: due, kind: JOB_WEBHOOK_RETRY, project: delivery.project, target: delivery.id });
    // Held deliveries join the earliest retry still ahead (one that has passed holds nothing back).
    const held = this.#failingUntil.get(delivery.endpoint);
    if (held === undefined || held <= this.#clock.now()) this.#failingUntil.set(delivery.endpoint, due);
  }

  #fail(delivery: Delivery, reason: string): void {
    delivery.status = 'failed';
    delivery.nextAttemptAt = null;
    delivery.attempts.push({ at: this.#clock.nowIso(), status: null, latencyMs: 0, error: reason });
    this.#finish(delivery);
  }

  /** Moves a delivery from its endpoint's unfinished set to the finished order. */
  #finish(delivery: Delivery): void {
    const open = this.#unfinished.get(delivery.endpoint);
    open?.delete(delivery.id);
    if (open?.size === 0) this.#unfinished.delete(delivery.endpoint);
    this.#finished.add(delivery.id);
  }

  /**
   * Drops the oldest finished deliveries past the capacity: O(1) per delivery created, however many
   * are still unfinished (those are bounded by maxPending per endpoint instead).
   */
  #trim(): void {
    while (this.#deliveries.size > this.#options.capacity && this.#finished.size > 0) {
      const id = this.#finished.values().next().value as string;
      this.#finished.delete(id);
      this.#deliveries.delete(id);
    }
  }
}

/**
 * True for a URL whose path is under /__mock, however it is spelled (percent-escapes, repeated or
 * dot segments). Which host names reach this simulator cannot be known (0.0.0.0, Docker service
 * names, proxies), so such a path is refused on any host: delivering events to a control plane
 * would let one endpoint make the simulator call itself for every event it causes.
 */
export function targetsControlPlane(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  for (let i = 0; i < 3 && path.includes('%'); i++) {
    try {
      path = decodeURIComponent(path);
    } catch {
      break;
    }
  }
  return /^\/*__mock(?:[/?#]|$)/i.test(path.replace(/\/{2,}/g, '/'));
}

function wants(endpoint: WebhookEndpoint, event: EventRef): boolean {
  if (endpoint.project !== null && endpoint.project !== event.project) return false;
  const { types } = endpoint;
  if (types === null || types.length === 0) return true;
  return types.some((t) => t === event.type || (t.endsWith('.*') && event.type.startsWith(t.slice(0, -1))));
}

function present(d: Delivery & { payload?: string }): Delivery {
  const { payload: _payload, ...rest } = d;
  return { ...rest, attempts: d.attempts.map((a) => ({ ...a })) };
}
