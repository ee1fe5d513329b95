import { createHash } from 'node:crypto';
import { Collection, mapPage, type Page, type PageQuery } from '../store/collection.js';
import type { Actor, DomainEvent } from '../store/types.js';
import type { Clock } from './clock.js';
import type { Random } from './random.js';

/** The API version events are serialised with (the newest one Gigs documents). */
export const EVENT_VERSION = '2026-01-29';

/** The Gigs event envelope (reference §11.1). */
export interface GigsEvent {
  object: 'event';
  id: string;
  actor: { type: 'apiKey'; apiKey: string } | { type: 'system' } | { type: 'user'; user: string };
  data: Record<string, unknown>;
  datacontenttype: 'application/json';
  previousData?: Record<string, unknown>;
  project: string;
  source: 'https://api.gigs.com';
  specversion: '1.0';
  time: string;
  type: string;
  version: string;
}

export interface EventFilter {
  project?: string | undefined;
  type?: string | undefined;
}

/**
 * An event as the log keeps it: its id, time and the change. The envelope (and the change's wire
 * data) is made when someone reads it; most events in a big simulation never are.
 */
export class LoggedEvent {
  constructor(
    readonly id: string,
    readonly time: string,
    readonly change: DomainEvent,
  ) {}

  get type(): string {
    return this.change.type;
  }

  get project(): string {
    return this.change.project;
  }

  envelope(): GigsEvent {
    return envelope(this.change, this.id, this.time);
  }
}

/**
 * Turns domain changes into Gigs events and keeps the newest ones (a bounded log: a simulator
 * with 100k subscriptions must not hold every event it ever made). Listeners (the webhook
 * dispatcher) see each event as it is made.
 */
export class EventLog {
  #events = new Collection<LoggedEvent>();
  readonly #listeners: ((event: LoggedEvent) => void)[] = [];
  readonly #clock: Clock;
  readonly #random: Random;
  readonly capacity: number;

  /** `random` is a stream of its own: event ids never rewind with a snapshot restore. */
  constructor(clock: Clock, random: Random, capacity: number) {
    this.#clock = clock;
    this.#random = random;
    this.capacity = capacity;
  }

  record(change: DomainEvent): LoggedEvent {
    const event = new LoggedEvent(this.#random.id('evt'), this.#clock.nowIso(), change);
    this.#events.add(event);
    while (this.#events.size > this.capacity) {
      const oldest = this.#events.oldest();
      if (!oldest) break;
      this.#events.remove(oldest.id);
    }
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  onEvent(listener: (event: LoggedEvent) => void): void {
    this.#listeners.push(listener);
  }

  get(id: string): GigsEvent | undefined {
    return this.#events.get(id)?.envelope();
  }

  list(query: PageQuery, filter: EventFilter = {}): Page<GigsEvent> {
    const page = this.#events.page(
      query,
      (e) => (!filter.project || e.project === filter.project) && (!filter.type || e.type === filter.type),
    );
    return mapPage(page, (e) => e.envelope());
  }

  get size(): number {
    return this.#events.size;
  }

  clear(project?: string): void {
    if (project === undefined) {
      this.#events = new Collection();
      return;
    }
    for (const event of [...this.#events.values()]) if (event.project === project) this.#events.remove(event.id);
  }
}

/** API key tokens are secrets; events name them by a stable `apk_` id derived from the token. */
export function apiKeyId(token: string): string {
  const digest = createHash('sha256').update(token).digest();
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = 'apk_';
  for (let i = 0; i < 28; i++) id += alphabet[(digest[i] as number) % 62];
  return id;
}

/**
 * The envelope, spelled out once with previousData and once without (in the wire order): a spread
 * in the middle of the literal gave every event a hidden class of its own.
 */
function envelope(change: DomainEvent, id: string, time: string): GigsEvent {
  const actor = presentActor(change.actor);
  if (change.previousData === undefined) {
    return {
      object: 'event',
      id,
      actor,
      data: change.data,
      datacontenttype: 'application/json',
      project: change.project,
      source: 'https://api.gigs.com',
      specversion: '1.0',
      time,
      type: change.type,
      version: EVENT_VERSION,
    };
  }
  return {
    object: 'event',
    id,
    actor,
    data: change.data,
    datacontenttype: 'application/json',
    previousData: change.previousData,
    project: change.project,
    source: 'https://api.gigs.com',
    specversion: '1.0',
    time,
    type: change.type,
    version: EVENT_VERSION,
  };
}

function presentActor(actor: Actor): GigsEvent['actor'] {
  return actor.type === 'apiKey' ? { type: 'apiKey', apiKey: actor.apiKey } : actor;
}
