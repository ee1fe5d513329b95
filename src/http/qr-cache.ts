import QRCode from 'qrcode';

/** PNG bytes kept by default: about 4,000 of the ~1 KB QR images. */
export const DEFAULT_QR_CACHE_BYTES = 4 * 1024 * 1024;

/**
 * Rendered QR PNGs, least recently used first out, bounded by bytes. A token's image never changes
 * (it encodes the SIM's activation code), and rendering one takes about 10 ms of CPU, so a hot token
 * rendered on every request starved the rest of the API. Concurrent requests for an image still
 * being rendered share that one render.
 */
export class QrCache {
  readonly #entries = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly #rendering = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  readonly #maxBytes: number;
  #bytes = 0;
  renders = 0;

  constructor(maxBytes = DEFAULT_QR_CACHE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The PNG for an activation code: from the cache (now the most recently used) or rendered once. */
  png(code: string, render: (code: string) => Promise<Uint8Array<ArrayBuffer>> = renderQr): Promise<Uint8Array<ArrayBuffer>> {
    const hit = this.#entries.get(code);
    if (hit) {
      this.#entries.delete(code);
      this.#entries.set(code, hit);
      return Promise.resolve(hit);
    }
    const pending = this.#rendering.get(code);
    if (pending) return pending;
    this.renders++;
    const promise = render(code).then(
      (png) => {
        this.#rendering.delete(code);
        this.#store(code, png);
        return png;
      },
      (error: unknown) => {
        this.#rendering.delete(code);
        throw error;
      },
    );
    this.#rendering.set(code, promise);
    return promise;
  }

  #store(code: string, png: Uint8Array<ArrayBuffer>): void {
    // An image larger than the whole cache is served but not kept.
    if (png.byteLength > this.#maxBytes) return;
    this.#entries.set(code, png);
    this.#bytes += png.byteLength;
    for (const [oldest, bytes] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= bytes.byteLength;
    }
  }
}

async function renderQr(code: string): Promise<Uint8Array<ArrayBuffer>> {
  const png = await QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 });
  // A copy of its own: a small Buffer can sit in a shared pool, which the cache must not pin.
  return new Uint8Array(png);
}
