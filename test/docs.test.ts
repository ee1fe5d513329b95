import { describe, expect, it } from 'vitest';
import { CONTROL_ROUTES } from '../src/docs/control-routes.js';
import { controlRouter } from '../src/routes/control.js';
import { eventsControlRouter } from '../src/routes/control-events.js';

describe('/docs/control', () => {
  it('lists every JSON control-plane route the routers serve, and no other', () => {
    const served = [...controlRouter.routes, ...eventsControlRouter.routes]
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = CONTROL_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });
});
