import { describe, expect, it } from 'vitest';
import { call, makeSim } from '../helpers.js';

async function openapi() {
  const res = await call(makeSim(), 'GET', '/openapi.json', undefined, { authorization: '' });
  expect(res.status).toBe(200);
  return res.body;
}

/** The public Gigs Core API routes the simulator serves. */
const PUBLIC_ROUTES = [
  'post /projects/{project}/users',
  'get /projects/{project}/users',
  'post /projects/{project}/users/search',
  'get /projects/{project}/users/{user}',
  'patch /projects/{project}/users/{user}',
  'delete /projects/{project}/users/{user}',
  'post /projects/{project}/users/{user}/addresses',
  'get /projects/{project}/users/{user}/addresses',
  'get /projects/{project}/users/{user}/addresses/{address}',
  'delete /projects/{project}/users/{user}/addresses/{address}',
  'get /projects/{project}/plans',
  'get /projects/{project}/plans/{plan}',
  'post /projects/{project}/subscriptions',
  'get /projects/{project}/subscriptions',
  'get /projects/{project}/subscriptions/{subscription}',
  'get /projects/{project}/sims',
  'get /projects/{project}/sims/{sim}',
  'get /projects/{project}/sims/{sim}/credentials',
  'get /projects/{project}/sims/{sim}/eSimProfile',
];

const documented = (doc: any): string[] =>
  Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document without a token', async () => {
    const doc = await openapi();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toEqual(expect.any(String));
  });

  it('lists every public path with its method', async () => {
    expect(documented(await openapi())).toEqual(expect.arrayContaining(PUBLIC_ROUTES));
  });

  it('documents every project route the app serves', async () => {
    const sim = makeSim();
    const doc = (await call(sim, 'GET', '/openapi.json')).body;
    const served = sim.app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/projects/:project/'))
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(0);
    expect(documented(doc)).toEqual(expect.arrayContaining([...new Set(served)]));
  });

  it('leaves the /__mock control plane out', async () => {
    const paths = Object.keys((await openapi()).paths);
    expect(paths.filter((path) => path.startsWith('/__mock'))).toEqual([]);
  });

  it('leaves the QR code images out', async () => {
    const paths = Object.keys((await openapi()).paths);
    expect(paths.filter((path) => path.startsWith('/qr'))).toEqual([]);
  });

  it('has schema components for the resources, lists, bodies and errors', async () => {
    const schemas = (await openapi()).components.schemas;
    for (const name of [
      'User',
      'UserList',
      'CreateUser',
      'UpdateUser',
      'SearchUsers',
      'UserAddress',
      'UserAddressList',
      'CreateUserAddress',
      'Plan',
      'PlanList',
      'Error',
      'PropertyErrorDetail',
    ]) {
      expect(schemas, name).toHaveProperty(name);
    }
  });

  it('requires object, type and message in the Error schema', async () => {
    const error = (await openapi()).components.schemas.Error;
    expect(error.required).toEqual(expect.arrayContaining(['object', 'type', 'message']));
  });

  it('resolves every $ref to a component', async () => {
    const doc = await openapi();
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      const name = ref.replace('#/components/schemas/', '');
      expect(doc.components.schemas, ref).toHaveProperty(name);
    }
  });

  it('declares bearer authentication on project routes', async () => {
    const doc = await openapi();
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/projects/{project}/users'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('documents the pagination parameters of a list route', async () => {
    const params = (await openapi()).paths['/projects/{project}/users'].get.parameters;
    const limit = params.find((param: any) => param.name === 'limit');
    expect(params.map((param: any) => param.name)).toEqual(expect.arrayContaining(['after', 'before', 'limit']));
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 200, default: 10 });
  });
});
