import { ErrorType, replacementOfRetiredType } from '../schemas/error.js';
import { invalidProperty, Messages } from '../store/errors.js';
import { normalizePath } from './paths.js';
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

/** An error to inject, as a rule or header names it; src/http/errors.ts fills in the rest. */
export interface InjectedError {
  status?: number | undefined;
  type?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
}

/** What a request should suffer: a delay, an error, or both. */
export interface FaultEffect {
  latencyMs: number;
  error?: InjectedError;
}

export class FaultInjector {
  #rules: (Fault & { regex: RegExp })[] = [];
  #next = 0;
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  add(rule: FaultRule): Fault {
    checkType(rule.type);
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
    for (const fault of faults) checkType(fault.type);
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
    // Asked on every API request; most simulators have no rules.
    if (this.#rules.length === 0) return undefined;
    let effect: FaultEffect | undefined;
    let spent = false;
    for (const rule of this.#rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.project !== undefined && rule.project !== project) continue;
      if (!rule.regex.test(path)) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.#random.next() >= rule.probability) continue;
      rule.hits++;
      if (rule.times !== undefined && rule.hits >= rule.times) spent = true;
      effect ??= { latencyMs: 0 };
      effect.latencyMs = Math.max(effect.latencyMs, this.#latency(rule.latency));
      if (!effect.error && (rule.status !== undefined || rule.type !== undefined || rule.code !== undefined)) {
        effect.error = { status: rule.status, type: rule.type, code: rule.code, message: rule.message };
      }
    }
    if (spent) this.#rules = this.#rules.filter((r) => r.times === undefined || r.hits < r.times);
    return effect;
  }

  #latency(latency: FaultRule['latency']): number {
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + Math.floor(this.#random.next() * (latency.max - latency.min + 1));
  }
}

/**
 * A rule's type must be one of Gigs' error types (src/schemas/error.ts), whichever way the rule
 * arrives (control plane, in-process, snapshot): an unknown one would silently answer 500.
 */
export function checkType(type: string | undefined): void {
  if (type === undefined || ErrorType.safeParse(type).success) return;
  const replacement = replacementOfRetiredType(type);
  throw invalidProperty('type', replacement ? Messages.retiredErrorType(type, replacement) : Messages.unknownErrorType);
}

/** A placeholder for `**` while the pattern is escaped (no path segment can contain it). */
const ANY_SEGMENTS = '\u0000';

function compile(pattern: string | undefined): RegExp {
  if (!pattern) return /^/;
  // Request paths are normal (no `//`, no trailing `/`); so is the pattern, or it could never match.
  const full = normalizePath(pattern.startsWith('/projects') ? pattern : `/projects/*/${pattern}`);
  const source = full
    .split('/')
    .map((segment) => {
      if (segment === '**') return ANY_SEGMENTS;
      if (segment === '*' || /^\{[^}]+\}$/.test(segment)) return '[^/]+';
      return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
    })
    .join('/')
    // `**` matches any number of segments, none included: `/users/**` also matches `/users`.
    .replaceAll(`/${ANY_SEGMENTS}`, '(?:/.*)?')
    .replaceAll(ANY_SEGMENTS, '.*');
  return new RegExp(`^${source}/?$`);
}
