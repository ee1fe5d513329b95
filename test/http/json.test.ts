import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { sendJson } from '../../src/http/json.js';

/** An app answering `value` through sendJson, counting JSON.stringify calls. */
function appFor(value: object) {
  return new Hono().get('/', (c) => sendJson(c, value, 200));
}

describe('sendJson', () => {
  it('answers the JSON of a value with status and content type', async () => {
    const res = await appFor(Object.freeze({ a: 1 })).request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('serialises a frozen value once however often it is sent', async () => {
    const app = appFor(Object.freeze({ a: 1 }));
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      for (let i = 0; i < 3; i++) expect(await (await app.request('/')).text()).toBe('{"a":1}');
      expect(stringify).toHaveBeenCalledTimes(1);
    } finally {
      stringify.mockRestore();
    }
  });

  it('serialises a value that is not frozen every time, so changes show', async () => {
    const value = { a: 1 };
    const app = appFor(value);
    expect(await (await app.request('/')).json()).toEqual({ a: 1 });
    value.a = 2;
    expect(await (await app.request('/')).json()).toEqual({ a: 2 });
  });
});
