export { Clock, ManualClock } from './engine/clock.js';
export { parseDuration } from './engine/duration.js';
export type { Fault, FaultRule } from './engine/faults.js';
export { GIGS_API, GIGS_CONNECT, type InterceptHosts } from './intercept.js';
export { defaultAddons } from './scenarios/addons.js';
export { defaultPlans, GUIDE_PLAN_ID } from './scenarios/catalogue.js';
export { DEVICE_MODELS, deviceImei } from './scenarios/devices.js';
export { type Scenario, scenarios } from './scenarios/index.js';
export { SERVICE_PROVIDERS } from './scenarios/service-providers.js';
export type { Addon } from './schemas/addon.js';
export type { Device, DeviceModel } from './schemas/device.js';
export type {
  Porting,
  PortingDeclinedCode,
  PortingRequiredField,
  PortOut,
  PortOutCredentials,
  ServiceProvider,
} from './schemas/porting.js';
export type { SubscriptionAddon } from './schemas/subscription-addon.js';
export type { SubscriptionChange } from './schemas/subscription-change.js';
export type { UsageRecord } from './schemas/usage.js';
export { type ListenOptions, listen, type RunningServer, startSimulator } from './server.js';
export { createSimulator, Simulator, type SimulatorOptions, type SimulatorSnapshot } from './simulator.js';
export { DomainError, Messages } from './store/errors.js';
export type { StoreSnapshot } from './store/store.js';
export type {
  ESimProfile,
  GigsError,
  GigsEvent,
  List,
  Plan,
  Sim,
  SimCredentials,
  Subscription,
  User,
  UserAddress,
} from './types.js';
