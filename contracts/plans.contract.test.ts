import { describe, expect, it } from 'vitest';
import { listOf } from '../src/schemas/common.js';
import { Plan } from '../src/schemas/plan.js';
import { contract } from './lib/contract.js';

const { api } = contract('plans');
const PlanList = listOf(Plan, 'PlanList');

describe('plans', () => {
  it('lists plans with the plan schema', async () => {
    const res = await api.get(api.p('/plans?limit=200'), { schema: PlanList });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body.object).toBe('list');
  });

  it('filters by simType', async () => {
    const res = await api.get(api.p('/plans?simType=eSIM&limit=200'), { schema: PlanList });
    api.expectStatus(res, 200);
    for (const plan of res.body.items) expect(plan.simTypes).toContain('eSIM');
  });

  it('carries the deprecated flat allowances, equal to allowances', async () => {
    const res = await api.get(api.p('/plans?limit=200'), { schema: PlanList });
    for (const plan of res.body.items) {
      const { dataBytes, smsMessages, voiceSeconds } = plan.allowances;
      api.soft(
        `plan ${plan.id} data/sms/voice match its allowances`,
        plan.data === (dataBytes ?? -1) &&
          plan.sms === (smsMessages ?? -1) &&
          plan.voice === (voiceSeconds ?? -1) &&
          plan.dataUnit === 'byte',
        `data ${plan.data} ${plan.dataUnit} sms ${plan.sms} voice ${plan.voice}`,
      );
    }
  });

  it('retrieves a listed plan by id', async () => {
    const listed = await api.get(api.p('/plans?limit=1'));
    const plan = listed.body.items[0];
    if (!plan) return api.soft('the project has at least one plan', false, 'no plans listed');
    const res = await api.get(api.p(`/plans/${plan.id}`), { schema: Plan });
    api.expectStatus(res, 200);
    api.expectValid(res);
    expect(res.body).toEqual(plan);
  });

  it('answers 404 notFound for an unknown plan', async () => {
    const res = await api.get(api.p('/plans/pln_0000000000000000000000000000'));
    api.expectStatus(res, 404);
    expect(res.body).toMatchObject({ object: 'error', type: 'notFound' });
  });

  it('rejects an empty filter value', async () => {
    const res = await api.get(api.p('/plans?status='));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    api.soft('an empty plan filter answers 422', res.status === 422, `status ${res.status}`);
  });
});
