import { ConfigError } from './config.js';
import { startReceiver } from './listen.js';
import { listenHelpText, loadListenConfig } from './listen-config.js';

/** `gigs-mock listen`: the webhook receiver, until SIGINT or SIGTERM. */
export async function listenCommand(version: string, argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof loadListenConfig>;
  try {
    parsed = loadListenConfig(process.env, argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`gigs-mock: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${listenHelpText(version)}\n`);
    return 0;
  }
  const { config } = parsed;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  try {
    receiver = await startReceiver({
      ...config,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(
      `gigs-mock: listen: cannot listen on ${config.host}:${config.port}: ${code ?? (err as Error).message}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `gigs-mock ${version} listen: receiving webhooks on http://${config.host}:${receiver.port} (any path), ` +
      `verifying with ${config.secret.slice(0, 12)}…${config.forwardTo ? `, forwarding to ${config.forwardTo}` : ''}\n`,
  );
  return new Promise<number>((resolve) => {
    const stop = () => void receiver.close().then(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
