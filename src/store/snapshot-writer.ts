import type { Job } from '../engine/scheduler.js';
import type { StoreContext } from './context.js';
import type { ProjectSettings, ProjectState } from './types.js';

/** The collections of a project in a snapshot, in the order snapshotProject writes them. */
export const PROJECT_LISTS = [
  'users',
  'addresses',
  'plans',
  'sims',
  'subscriptions',
  'subscriptionAddons',
  'devices',
  'subscriptionChanges',
  'usage',
  'portings',
  'portOuts',
  'connectSessions',
] as const;

export type ProjectList = (typeof PROJECT_LISTS)[number];

/** What a snapshot holds besides the store's own state (the simulator's scenario and faults). */
export type SnapshotExtras = Record<string, unknown>;

/** A project as it was when the snapshot began: copies of its lists, the items themselves shared. */
interface ProjectCapture {
  id: string;
  settings: ProjectSettings;
  lists: Record<ProjectList, readonly unknown[]>;
}

/** Items serialised per piece: small enough that one piece is a fraction of a millisecond. */
const ITEMS_PER_PIECE = 200;

/**
 * A snapshot written out in pieces, so a big state can be saved or downloaded without holding the
 * event loop (see persistence.ts and GET /__mock/snapshot). It is the state at the moment the
 * writer was made, however long the writing takes and whatever changes meanwhile:
 *
 * - the clock, ids, schedule and extras are copied at once (small, or a flat array of jobs that are
 *   never changed once scheduled);
 * - each project is taken (flat copies of its lists: a memory copy as long as the list, a fraction
 *   of a millisecond for thousands of items) before any operation reaches it (ProjectMap.watch), or
 *   when the writer comes to it. Records are replaced, never changed in place, so the copied lists
 *   keep the records of that moment (usage entries, which grow in place, are copied one by one).
 *
 * The text is the JSON of the snapshot, laid out one item a line (see snapshot-reader.ts, which
 * loads it a line at a time): `{<frame>,"jobs":[`, a job a line, `],"projects":[`, then per
 * project `{"id":..,"settings":..,"users":[`, an item a line, `],"addresses":[` and so on, `]}`.
 */
export class SnapshotWriter {
  readonly #frame: Record<string, unknown>;
  readonly #jobs: Job[];
  readonly #order: ProjectState[];
  readonly #pending: Set<ProjectState>;
  readonly #captured = new Map<ProjectState, ProjectCapture>();
  #unwatch: (() => void) | undefined;

  constructor(ctx: StoreContext, extras: SnapshotExtras) {
    this.#frame = { format: 'gigs-mock/snapshot@1', clock: ctx.clock.state(), random: ctx.random.state(), ...extras };
    this.#jobs = ctx.scheduler.jobs();
    // Iterating reaches no watcher: nothing is taken yet, only listed.
    this.#order = [...ctx.projects.values()];
    this.#pending = new Set(this.#order);
    // Projects made after this moment are not part of the snapshot: only those listed are taken.
    this.#unwatch =
      this.#pending.size > 0
        ? ctx.projects.watch((state) => {
            if (this.#pending.has(state)) this.#take(state);
          })
        : undefined;
  }

  /** The snapshot's text, piece by piece; the caller decides when to pause between pieces. */
  *pieces(): Generator<string, void, undefined> {
    try {
      yield `${JSON.stringify(this.#frame).slice(0, -1)},"jobs":[\n`;
      yield* lines(this.#jobs, itemText);
      yield '],"projects":[\n';
      for (const [i, state] of this.#order.entries()) {
        const project = this.#take(state);
        this.#captured.delete(state);
        yield `${JSON.stringify({ id: project.id, settings: project.settings }).slice(0, -1)},"${PROJECT_LISTS[0]}":[\n`;
        for (const [k, list] of PROJECT_LISTS.entries()) {
          if (k > 0) yield `],"${list}":[\n`;
          yield* lines(project.lists[list], itemText);
        }
        yield i === this.#order.length - 1 ? ']}\n' : ']},\n';
      }
      yield ']}\n';
    } finally {
      this.close();
    }
  }

  /**
   * The text in chunks of about `maxChars`, each cut short once `sliceMs` of work went into it:
   * a caller that waits (a file write, the next turn of the event loop) between chunks holds the
   * loop for at most about `sliceMs` at a time.
   */
  *chunks(maxChars: number, sliceMs = Number.POSITIVE_INFINITY): Generator<string, void, undefined> {
    let chunk = '';
    let started = performance.now();
    for (const piece of this.pieces()) {
      chunk += piece;
      if (chunk.length >= maxChars || performance.now() - started > sliceMs) {
        yield chunk;
        chunk = '';
        started = performance.now();
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  /** Stops watching the projects (a writer given up half-way must not slow every later operation). */
  close(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#pending.clear();
    this.#captured.clear();
  }

  #take(state: ProjectState): ProjectCapture {
    const done = this.#captured.get(state);
    if (done) return done;
    if (!this.#pending.delete(state)) throw new Error(`project ${state.id} is not part of this snapshot`);
    const capture = captureProject(state);
    this.#captured.set(state, capture);
    if (this.#pending.size === 0) {
      this.#unwatch?.();
      this.#unwatch = undefined;
    }
    return capture;
  }
}

function captureProject(state: ProjectState): ProjectCapture {
  const usage: unknown[] = [];
  // Usage entries are the exception: a day's entry grows in place as usage is recorded
  // (store/usage.ts), so each is copied now, with the subscription it is stored under.
  for (const [subscription, { entries }] of state.usage)
    for (const entry of entries.values()) usage.push({ subscription, ...entry });
  return {
    id: state.id,
    settings: structuredClone(state.settings),
    lists: {
      users: state.users.capture(),
      addresses: state.addresses.capture(),
      plans: state.plans.capture(),
      sims: state.sims.capture(),
      subscriptions: state.subscriptions.capture(),
      subscriptionAddons: state.subscriptionAddons.capture(),
      devices: state.devices.capture(),
      subscriptionChanges: state.subscriptionChanges.capture(),
      usage,
      portings: state.portings.capture(),
      portOuts: state.portOuts.capture(),
      connectSessions: state.connectSessions.capture(),
    },
  };
}

/** One item a line, comma-separated, holes (removed items) skipped; a piece per ITEMS_PER_PIECE items. */
function* lines<T>(items: readonly (T | undefined)[], text: (item: T) => string): Generator<string, void, undefined> {
  let piece = '';
  let count = 0;
  let first = true;
  for (const item of items) {
    if (item === undefined) continue;
    const json = text(item);
    piece += first ? json : `,\n${json}`;
    first = false;
    if (++count >= ITEMS_PER_PIECE) {
      yield piece;
      piece = '';
      count = 0;
    }
  }
  yield `${piece}${first ? '' : '\n'}`;
}

const itemText = (item: unknown): string => JSON.stringify(item);
