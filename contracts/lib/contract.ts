import { afterAll, beforeEach, expect, inject, it } from 'vitest';
import { Api } from './client.js';
import { Recorder } from './report.js';
import type { Target } from './target.js';

/**
 * Per test file: the target, an Api that records into this file's part of the report, a registry
 * of what the file created (cleaned up in afterAll, even when tests fail), and `it` variants that
 * skip, with the reason in the report, what the target does not allow.
 */
export function contract(file: string) {
  const target = inject('target') as Target;
  const recorder = new Recorder();
  const api = new Api(target, recorder);
  const created = { users: [] as string[], subscriptions: [] as string[] };
  let counter = 0;

  beforeEach(() => {
    recorder.currentTest = expect.getState().currentTestName ?? '';
  });

  afterAll(async () => {
    recorder.currentTest = 'cleanup';
    for (const id of created.subscriptions.reverse()) {
      const current = await api.get(api.p(`/subscriptions/${id}`));
      if (current.status === 200 && current.body.status !== 'ended') await api.post(api.p(`/subscriptions/${id}/end`));
    }
    for (const id of created.users.reverse()) await api.delete(api.p(`/users/${id}`));
    recorder.write(target.reportDir, file);
  });

  const writeReason = 'writes are off for this target: set GIGS_CONTRACT_ALLOW_WRITES=1 to create test users and addresses';
  const subReason =
    'subscriptions cost money on a real project: set GIGS_CONTRACT_ALLOW_SUBSCRIPTIONS=1 (with GIGS_CONTRACT_ALLOW_WRITES=1)';
  recorder.currentTest = `${file}.contract.test.ts`;
  if (!target.allowWrites) recorder.skipped(writeReason);
  else if (!target.allowSubscriptions) recorder.skipped(subReason);

  return {
    target,
    api,
    /** Tests that create users or addresses. */
    itWrites: target.allowWrites ? it : it.skip,
    /** Tests that create subscriptions. */
    itSubscribes: target.allowSubscriptions ? it : it.skip,
    /** Notes in the report why a file's tests did not run. */
    skipped(reason: string) {
      recorder.skipped(reason);
    },
    /** A unique, marked email for this run. */
    email(): string {
      counter += 1;
      return `contract+${target.runId}-${file}-${counter}@example.com`;
    },
    marker: { contractRun: target.runId },
    /** Creates a marked user and registers it for cleanup. */
    async createUser(fields: Record<string, unknown> = {}) {
      const res = await api.post(api.p('/users'), {
        email: this.email(),
        fullName: 'Contract Tester',
        metadata: { contractRun: target.runId },
        ...fields,
      });
      api.expectStatus(res, [200, 201]);
      created.users.push(res.body.id);
      return res.body;
    },
    /** Registers a subscription for cleanup (ended after the file). */
    track(subscription: string) {
      created.subscriptions.push(subscription);
    },
  };
}

export { GUIDE_ADDRESS } from './guide.js';
