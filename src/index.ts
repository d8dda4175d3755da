/**
 * The app's Forge functions, as named in manifest.yml.
 */
export { adminHandler as adminResolver } from './resolvers/admin';
export { panelHandler as panelResolver } from './resolvers/panel';
export { runScheduler as scheduler } from './triggers/scheduler';
export { handleSyncEvent as syncWorker } from './triggers/sync-worker';
export { traceabilityHandler as traceabilityResolver } from './resolvers/traceability';
export { gadgetHandler as gadgetResolver } from './resolvers/gadget';
