import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from './app.js';
import { Clock } from './engine/clock.js';
import { parseDuration } from './engine/duration.js';
import { Engine } from './engine/engine.js';
import { Random } from './engine/random.js';
import { Scheduler } from './engine/scheduler.js';
import { RequestLog } from './http/request-log.js';
import type { AppEnv } from './http/router.js';
import { findScenario, type Scenario, scenarioNames } from './scenarios/index.js';
import { Store } from './store/store.js';
import type { ActivationMode } from './store/types.js';

export interface SimulatorOptions {
  /** Makes every id, phone number and ICCID reproducible. */
  seed?: string | number;
  /** Inject a clock (tests use `new ManualClock()`); default: wall time, movable. */
  clock?: Clock;
  /** Activation delay: ms or a duration string (`0`, `500ms`, `5s`, `2m`). Default 5s. */
  activationDelay?: number | string;
  activationMode?: ActivationMode;
  /** Strict mode: `project:key` pairs. Empty or absent: open mode (any token, projects on first use). */
  apiKeys?: string[];
  /** Base URL the simulator is reached at, for QR code links. */
  publicUrl?: string;
  /** Scenario every project starts with (default `default`). */
  scenario?: string;
  /** Status for business-rule conflicts such as userAlreadyExists: 422 (default) or 409. */
  conflictStatus?: 409 | 422;
}

export interface Simulator {
  app: OpenAPIHono<AppEnv>;
  store: Store;
  engine: Engine;
  clock: Clock;
  scheduler: Scheduler;
  random: Random;
  scenario: Scenario;
  options: ResolvedOptions;
  requests: RequestLog;
}

export interface ResolvedOptions {
  activationDelayMs: number;
  activationMode: ActivationMode;
  apiKeys: Map<string, string>;
  conflictStatus: 409 | 422;
}

/** Builds a fresh, isolated simulator: its own clock, ids, store, scheduler and Hono app. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const activationDelayMs = parseDuration(options.activationDelay ?? '5s');
  if (activationDelayMs === undefined) throw new RangeError(`invalid activation delay: ${String(options.activationDelay)}`);
  const scenario = findScenario(options.scenario ?? 'default');
  if (!scenario) throw new RangeError(`unknown scenario "${options.scenario}" (known: ${scenarioNames().join(', ')})`);
  const resolved: ResolvedOptions = {
    activationDelayMs,
    activationMode: options.activationMode ?? 'delay',
    apiKeys: parseApiKeys(options.apiKeys ?? []),
    conflictStatus: options.conflictStatus ?? 422,
  };
  const clock = options.clock ?? new Clock();
  const random = new Random(options.seed);
  const scheduler = new Scheduler();
  const store = new Store(clock, random, scheduler, {
    activation: { mode: resolved.activationMode, delayMs: activationDelayMs },
    autoCreateProjects: resolved.apiKeys.size === 0,
    publicUrl: (options.publicUrl ?? 'http://localhost:4020').replace(/\/+$/, ''),
  });
  store.ctx.initializer = (project) => scenario.apply(store, project);
  const engine = new Engine(store, clock, scheduler);
  const sim: Simulator = {
    store,
    engine,
    clock,
    scheduler,
    random,
    scenario,
    options: resolved,
    requests: new RequestLog(),
  } as Simulator;
  sim.app = createApp(sim);
  // Strict mode knows its projects up front.
  for (const project of new Set(resolved.apiKeys.values())) store.ensureProject(project);
  return sim;
}

/** `project:key` pairs -> key -> project. */
export function parseApiKeys(pairs: string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of pairs
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf(':');
    const project = pair.slice(0, at);
    const key = pair.slice(at + 1);
    if (at <= 0 || key.length === 0) throw new RangeError(`API keys are project:key pairs, got "${pair}"`);
    keys.set(key, project);
  }
  return keys;
}
