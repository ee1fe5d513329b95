// The same as msw.cjs, from an ES module.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createSimulator, GUIDE_PLAN_ID } from 'gigs-mock';
import { gigsHandlers } from 'gigs-mock/msw';
import { setupServer } from 'msw/node';

const { runThroughMsw } = createRequire(import.meta.url)('./run-msw.cjs');
await runThroughMsw({ setupServer, createSimulator, gigsHandlers, GUIDE_PLAN_ID, assert }, 'import');
