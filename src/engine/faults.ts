import type { Random } from './random.js';

/** A failure or slowdown to inject, as posted to `POST /__mock/faults`. */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string | undefined;
  /**
   * Path pattern: `*` matches one segment, `**` any number, `{name}` one segment. A pattern that
   * does not start with `/projects` is matched against the path after `/projects/{project}`, so
   * `/subscriptions` means "create or list subscriptions in any project".
   */
  path?: string | undefined;
  /** Only requests of this project (scenarios use it). */
  project?: string | undefined;
  status?: number | undefined;
  type?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
  /** Fixed latency in ms, or a range picked per request. */
  latency?: number | { min: number; max: number } | undefined;
  /** Share of matching requests affected, 0..1 (default 1). Rolls follow the simulator's seed. */
  probability?: number | undefined;
  /** How many times the rule fires before it expires (default: unlimited). */
  times?: number | undefined;
}

export interface Fault extends FaultRule {
  id: string;
  /** How many times it fired so far. */
  hits: number;
}

/** What a request should suffer: a delay, an error, or both. */
export interface FaultEffect {
  latencyMs: number;
  error?: { status: number; type?: string | undefined; code?: string | undefined; message?: string | undefined };
}

export class FaultInjector {
  #rules: (Fault & { regex: RegExp })[] = [];
  #next = 0;
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  add(rule: FaultRule): Fault {
    const fault: Fault = { ...rule, id: `flt_${++this.#next}`, hits: 0 };
    this.#rules.push({ ...fault, regex: compile(rule.path) });
    return fault;
  }

  list(): Fault[] {
    return this.#rules.map(({ regex: _regex, ...fault }) => fault);
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length < before;
  }

  /** Replaces all rules (snapshot restore). */
  restore(faults: Fault[]): void {
    this.#rules = faults.map((f) => ({ ...f, regex: compile(f.path) }));
    this.#next = faults.reduce((max, f) => Math.max(max, Number(f.id.replace(/\D/g, '')) || 0), 0);
  }

  /** Drops all rules, or only those of one project. */
  clear(project?: string): void {
    this.#rules = project === undefined ? [] : this.#rules.filter((r) => r.project !== project);
  }

  /**
   * The effect for a request, combining the first matching error rule and the largest latency.
   * Each matching rule rolls its probability once and counts a hit when it fires.
   */
  match(method: string, path: string, project: string | undefined): FaultEffect | undefined {
    let effect: FaultEffect | undefined;
    for (const rule of this.#rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.project !== undefined && rule.project !== project) continue;
      if (!rule.regex.test(path)) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.#random.next() >= rule.probability) continue;
      rule.hits++;
      effect ??= { latencyMs: 0 };
      effect.latencyMs = Math.max(effect.latencyMs, this.#latency(rule.latency));
      if (!effect.error && (rule.status !== undefined || rule.type !== undefined || rule.code !== undefined)) {
        effect.error = injectedError(rule.status ?? statusFor(rule.type, rule.code), rule.type, rule.code, rule.message);
      }
    }
    this.#rules = this.#rules.filter((r) => r.times === undefined || r.hits < r.times);
    return effect;
  }

  #latency(latency: FaultRule['latency']): number {
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + Math.floor(this.#random.next() * (latency.max - latency.min + 1));
  }
}

const TYPE_STATUS: Record<string, number> = {
  malformed: 400,
  unauthenticated: 401,
  permissionDenied: 403,
  notFound: 404,
  invalid: 422,
  rateLimited: 429,
  internal: 500,
  unavailable: 503,
};

/** Known Gigs error types (anything else named in `x-gigs-mock-error` is taken as a code). */
export const isErrorType = (name: string): boolean => name in TYPE_STATUS;

/** Status for an injected error given only a type or a code. */
export function statusFor(type: string | undefined, code: string | undefined): number {
  if (type !== undefined && TYPE_STATUS[type] !== undefined) return TYPE_STATUS[type];
  if (code === 'serviceUnavailable') return 503;
  if (code === 'unknown') return 500;
  return code !== undefined ? 422 : 500;
}

/** Fills in what an injected error leaves out: the type from the status, the Gigs code of a 5xx. */
export function injectedError(status: number, type?: string, code?: string, message?: string): NonNullable<FaultEffect['error']> {
  const defaultCode = status === 503 ? 'serviceUnavailable' : status >= 500 ? 'unknown' : undefined;
  return { status, type: type ?? typeFor(status), code: code ?? defaultCode, message };
}

/** Type for an injected error given only a status. */
export function typeFor(status: number): string {
  const found = Object.entries(TYPE_STATUS).find(([, s]) => s === status);
  if (found) return found[0];
  return status >= 500 ? 'internal' : 'invalid';
}

function compile(pattern: string | undefined): RegExp {
  if (!pattern) return /^/;
  const full = pattern.startsWith('/projects') ? pattern : `/projects/*${pattern.startsWith('/') ? '' : '/'}${pattern}`;
  const source = full
    .split('/')
    .map((segment) => {
      if (segment === '**') return '.*';
      if (segment === '*' || /^\{[^}]+\}$/.test(segment)) return '[^/]+';
      return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
