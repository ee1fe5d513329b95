import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type Clock, toIso, wallTimers } from './clock.js';
import type { GigsEvent, LoggedEvent } from './events.js';

/** What delivery needs to know of an event before (and whether) it serialises it. */
type EventRef = Pick<GigsEvent, 'id' | 'type' | 'project'>;

import { invalidProperty, Messages } from '../store/errors.js';
import { Deque } from './deque.js';
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
  onGiveUp?: (delivery: GivenUp, reason: string) => void;
}

export const DEFAULT_MAX_PENDING = 1_000;

/** What onGiveUp is told of a delivery (no copy of the record: up to one is given up per event). */
export type GivenUp = Pick<Delivery, 'id' | 'event' | 'endpoint' | 'url'>;

export const givenUpReason = (max: number): string =>
  `given up: the endpoint has more than ${max} undelivered deliveries (oldest go first)`;

/** A fresh `whsec_` secret: 24 random bytes, base64, as Svix issues them. */
export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** A delivery as the dispatcher keeps it: the payload until it is finished, times as numbers. */
interface Entry {
  id: string;
  event: string;
  eventType: string;
  project: string;
  endpoint: string;
  url: string;
  status: Delivery['status'];
  attempts: DeliveryAttempt[];
  /** When it will be tried next (ms); for a held entry, its endpoint's next retry decides. */
  nextAt: number | null;
  /** Waiting for its endpoint to answer again (see EndpointHealth). */
  held: boolean;
  /** Dropped once finished: redelivery serialises the event again. */
  payload: Payload | undefined;
  /** Out of the log (see #trim). */
  trimmed: boolean;
}

/**
 * The body, shared by an event's deliveries and serialised at the first attempt: to a receiver
 * that is down most deliveries are given up untried, and never need it. (A logged event's change
 * is never mutated, so it serialises the same later.)
 */
interface Payload {
  json: string | undefined;
  event: LoggedEvent | undefined;
}

/** The Svix message id of an event's deliveries: the same on every attempt and redelivery. */
const messageIdOf = (event: string): string => `msg_${event.slice(4)}`;

function body(payload: Payload | undefined): string {
  if (!payload) return '';
  payload.json ??= JSON.stringify(payload.event?.envelope());
  payload.event = undefined;
  return payload.json;
}

/**
 * One endpoint's delivery state. While its last attempt failed (`failures` > 0), the endpoint is
 * retried rather than each delivery: its deliveries are held, and at each retry time of its
 * schedule one of them (the oldest held) is tried. A success sends all the held ones; a failure
 * waits for the next retry time. A receiver that is down gets one connection per retry time,
 * however many events wait for it.
 */
interface EndpointHealth {
  /** Unfinished deliveries in creation order; finished ones are skipped (and dropped at the front). */
  open: Deque<Entry>;
  /** How many of `open` are unfinished. */
  live: number;
  /** Failed retry rounds in a row; 0: healthy. */
  failures: number;
  /** Due time of the endpoint's scheduled retry job, if one is. */
  retryAt: number | undefined;
  /** The held delivery being tried for the endpoint right now. */
  probe: Entry | undefined;
}

/**
 * Delivers events to webhook endpoints, signed as Standard Webhooks (the scheme of Gigs' provider
 * Svix). Sending never blocks the request that caused the event. Failures are retried on Svix's
 * schedule through the scheduler (one job per failing endpoint), so moving the simulator's clock
 * replays them.
 */
export class WebhookDispatcher {
  readonly #endpoints = new Map<string, WebhookEndpoint>();
  readonly #health = new Map<string, EndpointHealth>();
  /**
   * The delivery log in creation order. Nothing looks a delivery up by id, so it is an array:
   * trimmed entries are marked and swept out in bulk, which costs less per event than a Map's
   * hashing of every new id.
   */
  #log: Entry[] = [];
  #trimmed = 0;
  /** Finished deliveries in the order they finished: trimming takes the first, never walks the rest. */
  readonly #finished = new Deque<Entry>();
  readonly #queue = new Deque<Entry>();
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #signer: Webhook;
  #secret: string;

  readonly #clock: Clock;
  readonly #random: Random;
  readonly #scheduler: Scheduler;
  readonly #options: WebhookOptions;
  readonly #maxPending: number;
  readonly #givenUpReason: string;

  constructor(clock: Clock, random: Random, scheduler: Scheduler, options: WebhookOptions) {
    this.#clock = clock;
    this.#random = random;
    this.#scheduler = scheduler;
    this.#options = options;
    this.#maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.#givenUpReason = givenUpReason(this.#maxPending);
    this.#secret = options.secret;
    this.#signer = new Webhook(options.secret);
    // The target is the endpoint. A job of an older version (one per delivery, target `whd_...`)
    // or one made stale by a success finds no endpoint retry due at its time and does nothing.
    scheduler.on(JOB_WEBHOOK_RETRY, (job) => this.#retry(job.target, job.at));
    // One endpoint's retry serves every project's deliveries: dropping the project the job was
    // filed under (a project deleted, reset or evicted) must not strand the others.
    scheduler.onCancel((jobs) => {
      for (const job of jobs) {
        if (job.kind !== JOB_WEBHOOK_RETRY || this.#health.get(job.target)?.retryAt !== job.at) continue;
        scheduler.schedule({ at: job.at, kind: job.kind, project: job.project, target: job.target });
      }
    });
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
    const removed = this.#endpoints.delete(id);
    this.#dropHealth(id);
    return removed;
  }

  endpoints(): WebhookEndpoint[] {
    return [...this.#endpoints.values()];
  }

  clearEndpoints(): void {
    this.#endpoints.clear();
    for (const id of [...this.#health.keys()]) this.#dropHealth(id);
  }

  /** Called for every event: one delivery per matching endpoint, first attempt at once. */
  dispatch(event: LoggedEvent): number {
    if (this.#endpoints.size === 0) return 0;
    let payload: Payload | undefined;
    let count = 0;
    for (const endpoint of this.#endpoints.values()) {
      if (!wants(endpoint, event)) continue;
      payload ??= { json: undefined, event };
      this.#create(event, endpoint, payload);
      count++;
    }
    return count;
  }

  /** Sends an event again to every endpoint that takes its type (same webhook-id). */
  redeliver(event: GigsEvent): Delivery[] {
    const payload: Payload = { json: JSON.stringify(event), event: undefined };
    return [...this.#endpoints.values()]
      .filter((e) => wants(e, event))
      .map((e) => this.#present(this.#create(event, e, payload)));
  }

  deliveries(filter: { event?: string; endpoint?: string; status?: string } = {}, limit = 100): Delivery[] {
    const out: Delivery[] = [];
    for (let i = this.#log.length - 1; i >= 0; i--) {
      const d = this.#log[i] as Entry;
      if (
        d.trimmed ||
        (filter.event && d.event !== filter.event) ||
        (filter.endpoint && d.endpoint !== filter.endpoint) ||
        (filter.status && d.status !== filter.status)
      ) {
        continue;
      }
      out.push(this.#present(d));
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Gives up on deliveries still waiting for a retry, and drops the retry jobs (after a snapshot
   * restore those are the saved timeline's, which has no such deliveries). Endpoints start afresh.
   */
  abandonPending(reason: string): void {
    for (const d of this.#log) if (d.status === 'pending') this.#fail(d, reason);
    for (const health of this.#health.values()) {
      health.failures = 0;
      health.retryAt = undefined;
    }
    this.#scheduler.cancel((job) => job.kind === JOB_WEBHOOK_RETRY);
  }

  /** Resolves when nothing is being sent or waiting to be sent (retries scheduled later do not count). */
  idle(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #create(event: EventRef, endpoint: WebhookEndpoint, payload: Payload): Entry {
    const now = this.#clock.now();
    const entry: Entry = {
      id: this.#random.id('whd'),
      event: event.id,
      eventType: event.type,
      project: event.project,
      endpoint: endpoint.id,
      url: endpoint.url,
      status: 'pending',
      attempts: [],
      nextAt: now,
      held: false,
      payload,
      trimmed: false,
    };
    this.#log.push(entry);
    let health = this.#health.get(endpoint.id);
    if (!health) {
      health = { open: new Deque(), live: 0, failures: 0, retryAt: undefined, probe: undefined };
      this.#health.set(endpoint.id, health);
    }
    health.open.push(entry);
    health.live++;
    // Only while the endpoint is failing: a burst to a healthy receiver queues in full.
    while (health.live > this.#maxPending && health.failures > 0) {
      const oldest = health.open.peek() as Entry;
      this.#fail(oldest, this.#givenUpReason);
      this.#options.onGiveUp?.(oldest, this.#givenUpReason);
    }
    this.#trim();
    if (health.failures > 0) this.#hold(entry, health);
    else this.#enqueue(entry);
    return entry;
  }

  /**
   * A delivery to a failing endpoint waits for the endpoint's retry, unless that retry is due with
   * nobody tried yet (every held delivery was given up or still in flight): then it is the one.
   */
  #hold(entry: Entry, health: EndpointHealth): void {
    if (health.retryAt === undefined && health.probe === undefined) {
      health.probe = entry;
      entry.held = false;
      this.#enqueue(entry);
      return;
    }
    entry.held = true;
    entry.nextAt = null;
  }

  /** The endpoint's retry time has come: its oldest held delivery is tried. */
  #retry(endpointId: string, at: number): void {
    const health = this.#health.get(endpointId);
    if (!health || health.retryAt !== at) return;
    health.retryAt = undefined;
    for (const entry of health.open) {
      if (entry.status !== 'pending' || !entry.held) continue;
      health.probe = entry;
      entry.held = false;
      entry.nextAt = this.#clock.now();
      this.#enqueue(entry);
      return;
    }
  }

  #enqueue(entry: Entry): void {
    this.#queue.push(entry);
    this.#pump();
  }

  #pump(): void {
    while (this.#inFlight < this.#options.concurrency && this.#queue.length > 0) {
      const delivery = this.#queue.shift() as Entry;
      if (delivery.status !== 'pending' || delivery.held) continue;
      const health = this.#health.get(delivery.endpoint);
      if (!health || !this.#endpoints.has(delivery.endpoint)) {
        // The endpoint was removed: nobody is waiting for this delivery any more.
        this.#fail(delivery, 'endpoint removed');
        continue;
      }
      // Queued while the endpoint was healthy, which it no longer is.
      if (health.failures > 0 && health.probe !== delivery) {
        this.#hold(delivery, health);
        if (delivery.held) continue;
      }
      this.#inFlight++;
      void this.#attempt(delivery).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#inFlight === 0 && this.#queue.length === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
    }
  }

  async #attempt(delivery: Entry): Promise<void> {
    delivery.status = 'sending';
    const at = this.#clock.now();
    // The signature timestamp is wall time: receivers check it against their own clock (5 minute
    // tolerance), which a moved simulator clock would break. Event `time` stays simulated time.
    const sentAt = new Date(wallTimers.now());
    const started = performance.now();
    const payload = body(delivery.payload);
    const messageId = messageIdOf(delivery.event);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#options.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gigs-mock-webhooks',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.#signer.sign(messageId, sentAt, payload),
        },
        body: payload,
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
    const ok = status !== null && status >= 200 && status < 300;
    const health = this.#health.get(delivery.endpoint);
    if (health?.probe === delivery) health.probe = undefined;
    // Given up while this attempt was in flight: the record stays failed, with the attempt's outcome.
    if ((delivery.status as Delivery['status']) === 'failed') delivery.attempts.splice(delivery.attempts.length - 1, 0, attempt);
    else delivery.attempts.push(attempt);
    if (ok) {
      if ((delivery.status as Delivery['status']) !== 'failed') {
        delivery.status = 'succeeded';
        this.#finish(delivery);
      }
      if (health) this.#recovered(health);
      return;
    }
    if ((delivery.status as Delivery['status']) !== 'failed') {
      if (!health || !this.#endpoints.has(delivery.endpoint)) this.#fail(delivery, 'endpoint removed');
      else if (delivery.attempts.length >= RETRY_SCHEDULE_MS.length) {
        delivery.status = 'failed';
        this.#finish(delivery);
      } else {
        delivery.status = 'pending';
        delivery.held = true;
      }
    }
    if (health) this.#failed(health);
  }

  /** An attempt failed: unless the endpoint's next retry is already set (or being tried), set it. */
  #failed(health: EndpointHealth): void {
    if (health.retryAt !== undefined || health.probe !== undefined) return;
    health.failures++;
    if (health.live === 0) return;
    const wait = RETRY_SCHEDULE_MS[Math.min(health.failures, RETRY_SCHEDULE_MS.length - 1)] as number;
    const at = this.#clock.now() + wait;
    const endpoint = health.open.peek() as Entry;
    health.retryAt = at;
    this.#scheduler.schedule({ at, kind: JOB_WEBHOOK_RETRY, project: endpoint.project, target: endpoint.endpoint });
  }

  /** The endpoint answered: it is healthy again, and what it held is sent, oldest first. */
  #recovered(health: EndpointHealth): void {
    if (health.failures === 0 && health.retryAt === undefined) return;
    health.failures = 0;
    // Its retry job stays queued until due, then finds no retry at its time and does nothing.
    health.retryAt = undefined;
    const now = this.#clock.now();
    for (const entry of health.open) {
      if (entry.status !== 'pending' || !entry.held) continue;
      entry.held = false;
      entry.nextAt = now;
      this.#queue.push(entry);
    }
    this.#pump();
  }

  /** The endpoint is gone: what it held is given up now (no retry will come for it). */
  #dropHealth(id: string): void {
    const health = this.#health.get(id);
    if (!health) return;
    // Deleted first: failing an entry then leaves the deque being walked alone.
    this.#health.delete(id);
    for (const entry of health.open) if (entry.status === 'pending') this.#fail(entry, 'endpoint removed');
  }

  #fail(delivery: Entry, reason: string): void {
    const queued = delivery.status === 'pending';
    delivery.status = 'failed';
    delivery.attempts.push({ at: this.#clock.nowIso(), status: null, latencyMs: 0, error: reason });
    this.#finish(delivery);
    // A probe given up before it was sent will never report: the endpoint's retry is due again
    // (the delivery being created, if any, is tried instead; see #hold).
    const health = this.#health.get(delivery.endpoint);
    if (queued && health?.probe === delivery) health.probe = undefined;
  }

  /** Takes a finished delivery off its endpoint's open count and into the finished order. */
  #finish(delivery: Entry): void {
    delivery.nextAt = null;
    delivery.held = false;
    delivery.payload = undefined;
    const health = this.#health.get(delivery.endpoint);
    if (health) {
      health.live--;
      const { open } = health;
      for (let head = open.peek(); head && (head.status === 'succeeded' || head.status === 'failed'); head = open.peek())
        open.shift();
    }
    this.#finished.push(delivery);
  }

  /**
   * Drops the oldest finished deliveries past the capacity: O(1) per delivery created, however many
   * are still unfinished (those are bounded by maxPending per endpoint instead).
   */
  #trim(): void {
    while (this.#log.length - this.#trimmed > this.#options.capacity && this.#finished.length > 0) {
      (this.#finished.shift() as Entry).trimmed = true;
      this.#trimmed++;
    }
    // Swept once they are half the array: amortised O(1), and the log stays within twice its size.
    if (this.#trimmed >= 1_024 && this.#trimmed * 2 >= this.#log.length) {
      this.#log = this.#log.filter((d) => !d.trimmed);
      this.#trimmed = 0;
    }
  }

  #present(d: Entry): Delivery {
    let nextAt = d.nextAt;
    // Held: it goes when its endpoint's retry does (or at once, if that retry is being tried).
    if (d.held && d.status === 'pending') nextAt = this.#health.get(d.endpoint)?.retryAt ?? this.#clock.now();
    return {
      id: d.id,
      messageId: messageIdOf(d.event),
      event: d.event,
      eventType: d.eventType,
      project: d.project,
      endpoint: d.endpoint,
      url: d.url,
      status: d.status,
      attempts: d.attempts.map((a) => ({ ...a })),
      nextAttemptAt: nextAt === null ? null : toIso(nextAt),
    };
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
