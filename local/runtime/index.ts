/**
 * The local Forge runtime. Importing this module installs the SDK hooks (`__forge_fetch__`,
 * `__forge_runtime__`, the egress-checked global `fetch`); import it before the app's handlers.
 */
export { originalFetch } from './hooks';
export { currentInvocation, remainingTimeMs, type InvocationContext, type Principal, type ForgeFetchDescriptor } from './context';
export {
  LocalForgeRuntime,
  createLocalRuntime,
  UnknownTriggerError,
  DEFAULT_ROOT,
  LOCAL_CLOUD_ID,
  RESOLVER_BUDGET_SECONDS,
  DEFAULT_BUDGET_SECONDS,
  defaultToolTarget,
  type ToolTarget,
  type LocalRuntimeOptions,
  type InvokeResolverRequest,
  type TriggerSummary,
  type RunOptions,
} from './runtime';
export {
  loadManifest,
  parseManifest,
  loadEntityPropertyIndexes,
  TRIGGER_INTERVAL_SECONDS,
  type AppManifest,
  type EntityPropertyDecl,
  type FunctionDecl,
  type UiModuleDecl,
  type ConsumerDecl,
  type TriggerDecl,
} from './manifest';
export { createVendorFetch, createEgressFetch, isEgressAllowed, hostMatchesAddress, egressNotAllowedError } from './egress';
export { EventQueue, isRetryRequest, type QueuedEvent, type RetryContext, type QueueCounters } from './event-queue';
export { KvsStore } from './kvs-store';
export { KVS_LIMITS, handleKvsRequest } from './kvs-api';
export { realJiraFromEnv, SIM_PRINCIPAL_HEADER, type RealJiraSite } from './product-fetch';
export { startTriggerSchedule, hasStoredConnection, type TriggerScheduler } from './scheduler';
export { toSimulatorUrl, SIMULATED_VENDORS, SIM_HOST_HEADER } from './vendor-hosts';
