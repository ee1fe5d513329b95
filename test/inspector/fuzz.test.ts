import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/inspector/actions.js';
import { guideUserWithAddress, makeSim, PROJECT } from '../helpers.js';
import { expectServing } from '../support/control.js';
import { invariantViolations } from '../support/invariants.js';

const SEED = 19;
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    'NaN',
    '1e400',
    '0',
    '999',
    '<script>',
    '%00',
    '../..',
    'usr_x',
    PROJECT,
    'populated',
    '31d',
    'true',
  ),
);
const FIELDS = [
  'project',
  'subscription',
  'porting',
  'code',
  'advance',
  'set',
  'frozen',
  'method',
  'path',
  'status',
  'type',
  'latency',
  'probability',
  'times',
  'id',
  'scenario',
  'event',
  'url',
  'endpoint',
  'dataMb',
  'voiceMin',
  'sms',
  'back',
];

describe('fuzzing the inspector', () => {
  it('answers any form to any action with a page, never a 5xx, and the simulator still serves', async () => {
    const sim = makeSim({ maxProjects: 20, fetch: async () => new Response(null, { status: 204 }) });
    await guideUserWithAddress(sim);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(ACTIONS), 'nope'),
        fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 5 }),
        async (name, fields) => {
          const res = await sim.app.request(`/__mock/ui/actions/${name}`, { method: 'POST', body: new URLSearchParams(fields) });
          expect(res.status).toBeLessThan(500);
          const html = await res.text();
          if (res.status >= 400) expect(html).toContain('class="alert error"');
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    sim.faults.clear();
    expect(invariantViolations(sim)).toEqual([]);
    await expectServing(sim);
  });

  it('answers any page path and query with a page, never a 5xx', async () => {
    const sim = makeSim();
    await guideUserWithAddress(sim);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '',
          '/projects/{x}',
          `/projects/${PROJECT}`,
          `/projects/${PROJECT}/users/{x}`,
          '/events',
          '/webhooks',
          '/requests',
          '/time',
          '/faults',
          '/snapshot',
          '/open',
          '/{x}',
        ),
        nasty,
        fc.constantFrom('q', 'after', 'before', 'page', 'type', 'project', 'notice'),
        async (template, value, key) => {
          const path = template.replace('{x}', encodeURIComponent(value));
          const res = await sim.app.request(`/__mock/ui${path}?${key}=${encodeURIComponent(value)}`);
          expect(res.status).toBeLessThan(500);
          await res.text();
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
