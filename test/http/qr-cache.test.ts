import { describe, expect, it } from 'vitest';
import { QrCache } from '../../src/http/qr-cache.js';

const bytes = (n: number) => async () => new Uint8Array(n);

describe('QrCache', () => {
  it('renders an activation code once and serves the same bytes after', async () => {
    const cache = new QrCache();
    const first = await cache.png('LPA:1$a$b');
    const second = await cache.png('LPA:1$a$b');
    expect(second).toBe(first);
    expect(cache.renders).toBe(1);
  });

  it('shares one render between concurrent requests for the same code', async () => {
    const cache = new QrCache();
    const [a, b] = await Promise.all([cache.png('x', bytes(10)), cache.png('x', bytes(10))]);
    expect(a).toBe(b);
    expect(cache.renders).toBe(1);
  });

  it('drops the least recently used image when the bytes would pass the bound', async () => {
    const cache = new QrCache(250);
    await cache.png('a', bytes(100));
    await cache.png('b', bytes(100));
    await cache.png('a', bytes(100)); // a is now the most recently used
    await cache.png('c', bytes(100));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(200);
    await cache.png('a', bytes(100));
    expect(cache.renders).toBe(3);
    await cache.png('b', bytes(100));
    expect(cache.renders).toBe(4);
  });

  it('serves but does not keep an image larger than the whole bound', async () => {
    const cache = new QrCache(50);
    expect((await cache.png('big', bytes(100))).byteLength).toBe(100);
    expect(cache.size).toBe(0);
  });

  it('renders again after a render failed', async () => {
    const cache = new QrCache();
    await expect(cache.png('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.png('x', bytes(5))).byteLength).toBe(5);
  });
});
