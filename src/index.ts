export { Clock, ManualClock } from './engine/clock.js';
export { parseDuration } from './engine/duration.js';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { DomainError, Messages } from './store/errors.js';
export type { StoreSnapshot } from './store/store.js';
