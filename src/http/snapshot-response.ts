import type { Simulator } from '../simulator.js';

/** Longest stretch one pull of the body holds the event loop. */
const SLICE_MS = 10;
/** Bytes (about) handed to the socket at once. */
const CHUNK_CHARS = 256 * 1024;

/**
 * GET /__mock/snapshot (and the inspector's download): the snapshot of the moment of the request,
 * streamed a slice at a time (see SnapshotWriter) so a big state never holds other requests, and
 * never held whole in memory as one string.
 */
export function snapshotResponse(sim: Simulator, headers: Record<string, string> = {}): Response {
  const writer = sim.snapshotWriter();
  const chunks = writer.chunks(CHUNK_CHARS, SLICE_MS);
  const encoder = new TextEncoder();
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Every pull after the first waits for the next turn of the event loop: requests get theirs.
      if (pulls++ > 0) await new Promise((resolve) => setImmediate(resolve));
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      void chunks.return(undefined);
      writer.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });
}
