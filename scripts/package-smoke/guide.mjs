// Run by scripts/smoke-package.sh: the same guide as guide.cjs, through the ES module build.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createSimulator, GUIDE_PLAN_ID, ManualClock, startSimulator } from 'gigs-mock';

const { runGuide } = createRequire(import.meta.url)('./run-guide.cjs');
await runGuide({ createSimulator, ManualClock, startSimulator, GUIDE_PLAN_ID, assert }, 'import');
