import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/server.js';

// An open inspector tab holds an event stream; the server's close() waited for it forever, so
// Ctrl-C or `docker stop` with the inspector open hung.
describe('server shutdown with the inspector open', () => {
  it('ends the live event streams and closes', async () => {
    const server = await startSimulator();
    const res = await fetch(`${server.url}/__mock/ui/stream`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');
    await server.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
