export interface EventuallyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is being waited for, for the error message. */
  what?: string;
}

/**
 * Retries `fn` until it returns without throwing, or the time is up (then rethrows the last error).
 * The only way the suite waits: it never sleeps a fixed time and never moves a simulator's clock,
 * so it behaves the same against the real API.
 */
export async function eventually<T>(fn: () => Promise<T>, options: EventuallyOptions): Promise<T> {
  const interval = options.intervalMs ?? Math.min(2_000, Math.max(100, options.timeoutMs / 50));
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + interval > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`eventually: ${options.what ?? 'condition'} not met within ${options.timeoutMs} ms: ${reason}`);
}
