import { afterAll, beforeEach, expect, inject, it, type TestContext } from 'vitest';
import { Api } from './client.js';
import { Recorder } from './report.js';
import type { Target } from './target.js';

/** Why the suite skips what it skips; vitest records the reason as the skipped test's note. */
export const SKIP_REASONS = {
  writes: 'writes are off for this target: set GIGS_CONTRACT_ALLOW_WRITES=1 to create test users and addresses',
  subscriptions:
    'subscriptions cost money on a real project: set GIGS_CONTRACT_ALLOW_SUBSCRIPTIONS=1 (with GIGS_CONTRACT_ALLOW_WRITES=1)',
  webhooks: 'webhooks are checked only when the suite runs the receiver the target sends to (a local simulator)',
} as const;

type ContractTest = (name: string, fn: (context: TestContext) => Promise<void> | void) => void;

/**
 * `it` when allowed; otherwise the test is declared and vitest itself skips it, with the reason
 * as its note (ctx.skip). The report's "Skipped" section is read from vitest's results, so it
 * lists exactly what vitest skipped, however a file's tests were skipped.
 */
export function itIf(allowed: boolean, reason: string): ContractTest {
  if (allowed) return (name, fn) => it(name, fn);
  return (name) => it(name, (context) => context.skip(reason));
}

/**
 * Per test file: the target, an Api that records into this file's part of the report, a registry
 * of what the file created (cleaned up in afterAll, even when tests fail), and `it` variants that
 * skip, with the reason, what the target does not allow.
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

  const subReason = target.allowWrites ? SKIP_REASONS.subscriptions : SKIP_REASONS.writes;

  return {
    target,
    api,
    /** Tests that create users or addresses. */
    itWrites: itIf(target.allowWrites, SKIP_REASONS.writes),
    /** Tests that create subscriptions. */
    itSubscribes: itIf(target.allowSubscriptions, subReason),
    itIf,
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
