/** Where the contract suite sends its requests, and what it may do there. */
export interface Target {
  name: string;
  baseUrl: string;
  token: string;
  project: string;
  /** True when the suite started this simulator itself (a throwaway target). */
  local: boolean;
  allowWrites: boolean;
  allowSubscriptions: boolean;
  /** Unique id of this run, used to mark and find everything it creates. */
  runId: string;
  /** Long waits for the real API, short ones for a simulator. */
  timeoutMs: number;
  reportDir: string;
  /** Where the target's webhooks can be read back, when the suite runs the receiver itself. */
  webhooks?: { receiverUrl: string; secret: string };
}

const truthy = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes';

/** Reads the env target (GIGS_BASE_URL, GIGS_TOKEN, GIGS_PROJECT) or describes the local one. */
export function targetFromEnv(env: Record<string, string | undefined>, local?: { baseUrl: string }): Target {
  const runId = env.GIGS_CONTRACT_RUN_ID ?? `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const reportDir = env.GIGS_CONTRACT_REPORT_DIR ?? '.';
  if (local) {
    return {
      name: 'local gigs-mock (built CLI)',
      baseUrl: local.baseUrl,
      token: 'contract-token',
      project: `contract-${runId}`,
      local: true,
      allowWrites: true,
      allowSubscriptions: true,
      runId,
      timeoutMs: Number(env.GIGS_CONTRACT_TIMEOUT_MS ?? 20_000),
      reportDir,
    };
  }
  const baseUrl = env.GIGS_BASE_URL;
  const token = env.GIGS_TOKEN;
  const project = env.GIGS_PROJECT;
  if (!baseUrl || !token || !project) {
    throw new Error('Set GIGS_BASE_URL, GIGS_TOKEN and GIGS_PROJECT together, or none of them to test a local simulator.');
  }
  const isGigs = /(^|\.)gigs\.com$/i.test(new URL(baseUrl).hostname);
  return {
    name: isGigs ? `Gigs API (${project})` : `${baseUrl} (${project})`,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token,
    project,
    local: false,
    allowWrites: truthy(env.GIGS_CONTRACT_ALLOW_WRITES),
    allowSubscriptions: truthy(env.GIGS_CONTRACT_ALLOW_WRITES) && truthy(env.GIGS_CONTRACT_ALLOW_SUBSCRIPTIONS),
    runId,
    timeoutMs: Number(env.GIGS_CONTRACT_TIMEOUT_MS ?? (isGigs ? 15 * 60_000 : 60_000)),
    reportDir,
  };
}
