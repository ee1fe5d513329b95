import {
  addFault,
  addUsage,
  ClockBody,
  FaultBody,
  moveClock,
  parseInput,
  redeliverEvent,
  removeFault,
  UsageBody,
} from '../control/operations.js';
import { EndpointBody } from '../routes/control-events.js';
import type { Simulator } from '../simulator.js';
import { DomainError, Messages } from '../store/errors.js';

/** A form's fields: each name once, as the browser sent it. */
export type Form = Record<string, string>;

/**
 * The inspector's actions. Each turns a form into the input the control plane (or, for what a
 * partner's own app would do, the API) takes, then calls the very function those routes call: no
 * second path. A form field that is left empty is left out, as if the JSON had not sent it.
 */
type ActionFn = (sim: Simulator, form: Form) => string | Promise<string>;

const text = (form: Form, name: string): string | undefined => {
  const value = form[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};
/** A number field: what is not a number stays a string, so the schema names the field in its 422. */
const numeric = (form: Form, name: string): number | string | undefined => {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
};
const required = (form: Form, name: string): string => {
  const value = text(form, name);
  if (value === undefined)
    throw new DomainError('invalid', Messages.validation, {
      details: [{ property: name, code: 'propertyRequired', message: `${name} is required.` }],
    });
  return value;
};
const compact = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
const scaled = (value: number | string | undefined, factor: number) =>
  typeof value === 'number' ? Math.round(value * factor) : value;
const system = { type: 'system' } as const;

export const ACTIONS: Record<string, ActionFn> = {
  activate: (sim, f) => {
    const s = sim.activate(required(f, 'project'), required(f, 'subscription'));
    return `Subscription ${s.id} is ${s.status}.`;
  },
  // What a partner's app does through the API; the inspector acts as the system, as a dashboard would.
  cancel: (sim, f) => {
    const s = sim.store.as(system, () => sim.store.subscriptions.cancel(required(f, 'project'), required(f, 'subscription')));
    return `Subscription ${s.id} ends at ${s.endedAt ?? 'the end of its period'}.`;
  },
  resume: (sim, f) => {
    const s = sim.store.as(system, () => sim.store.subscriptions.resume(required(f, 'project'), required(f, 'subscription')));
    return `Subscription ${s.id} resumed.`;
  },
  end: (sim, f) => {
    const s = sim.store.as(system, () => sim.store.subscriptions.end(required(f, 'project'), required(f, 'subscription')));
    return `Subscription ${s.id} is ${s.status}.`;
  },
  usage: (sim, f) => {
    const input = parseInput(
      UsageBody,
      compact({
        data: scaled(numeric(f, 'dataMb'), 1_000_000),
        voice: scaled(numeric(f, 'voiceMin'), 60),
        sms: numeric(f, 'sms'),
      }),
    );
    const record = addUsage(sim, required(f, 'project'), required(f, 'subscription'), input);
    return `Usage recorded: ${record.data} bytes, ${record.voice} s, ${record.sms} SMS today.`;
  },
  completePorting: (sim, f) => {
    const p = sim.completePorting(required(f, 'project'), required(f, 'porting'));
    return `Porting ${p.id} is ${p.status}.`;
  },
  declinePorting: (sim, f) => {
    const p = sim.declinePorting(required(f, 'project'), required(f, 'porting'), required(f, 'code') as 'portingDeclined');
    return `Porting ${p.id} is ${p.status}.`;
  },
  clock: async (sim, f) => {
    const frozen = text(f, 'frozen');
    const input = parseInput(
      ClockBody,
      compact({ advance: text(f, 'advance'), set: text(f, 'set'), frozen: frozen === undefined ? undefined : frozen === 'true' }),
    );
    const state = await moveClock(sim, input);
    return `The simulated time is ${state.now}${state.frozen ? ' (frozen)' : ''}.`;
  },
  addFault: (sim, f) => {
    const fault = addFault(
      sim,
      parseInput(
        FaultBody,
        compact({
          method: text(f, 'method'),
          path: text(f, 'path'),
          project: text(f, 'project'),
          status: numeric(f, 'status'),
          type: text(f, 'type'),
          code: text(f, 'code'),
          message: text(f, 'message'),
          latency: text(f, 'latency'),
          probability: numeric(f, 'probability'),
          times: numeric(f, 'times'),
        }),
      ),
    );
    return `Fault rule ${fault.id} added.`;
  },
  removeFault: (sim, f) => {
    removeFault(sim, required(f, 'id'));
    return 'Fault rule removed.';
  },
  clearFaults: (sim) => {
    sim.faults.clear();
    return 'Every fault rule removed.';
  },
  reset: (sim, f) => {
    const project = text(f, 'project');
    sim.reset(project);
    return project ? `Project ${project} is back to its start-up scenario.` : 'Every project is back to its start-up scenario.';
  },
  loadScenario: (sim, f) => {
    const project = text(f, 'project');
    const scenario = required(f, 'scenario');
    sim.loadScenario(scenario, project);
    return `Scenario ${scenario} loaded${project ? ` into ${project}` : ''}.`;
  },
  redeliver: (sim, f) => {
    const deliveries = redeliverEvent(sim, required(f, 'event'));
    return `Redelivering to ${deliveries.length} endpoint(s).`;
  },
  addEndpoint: (sim, f) => {
    const input = parseInput(EndpointBody, compact({ url: text(f, 'url') }));
    const endpoint = sim.webhooks.addEndpoint(input.url, input.types ?? null, input.project ?? null);
    return `Endpoint ${endpoint.id} added.`;
  },
  removeEndpoint: (sim, f) => {
    if (!sim.webhooks.removeEndpoint(required(f, 'endpoint')))
      throw new DomainError('notFound', Messages.notFound('webhook endpoint'));
    return 'Endpoint removed.';
  },
};
