/**
 * Stateful Jira Cloud REST v3 simulator, validated against Atlassian's OpenAPI spec.
 * Mount `plugin` under a prefix (e.g. `/jira`): Jira's paths are then served as `/jira/rest/api/3/...`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_SPEC_PATH, loadContract } from './contract';
import { FaultController, type FaultRequest } from './faults';
import { indexedPropertiesFromManifest } from './manifest';
import { createPlugin } from './plugin';
import { DEFAULT_START, buildSeedState, upgradeSnapshot, type SeedName } from './seed';
import { stateSummary } from './sim-routes';
import { JiraStore } from './store';
import type { ContractViolation, IndexedProperty, SimState } from './types';

export { formatJiraDate, SimClock } from './clock';
export { FaultController, FaultControlsSchema, type FaultControls, type FaultRequest } from './faults';
export { APP_ACCOUNT_ID } from './permissions';
export { indexedPropertiesFromManifest } from './manifest';
export { PRINCIPAL_HEADER } from './auth';
export { DEMO_USERS } from './seed';
export { JiraStore } from './store';
export type * from './types';
export type { SeedName } from './seed';

export const DEFAULT_MANIFEST_PATH = resolve(__dirname, '../../../manifest.yml');
export const DEFAULT_SITE_URL = 'https://testsync-demo.atlassian.net';

export interface JiraSimulatorOptions {
  seed?: SeedName;
  /** Searchable property paths; defaults to those declared in the project's manifest.yml. */
  indexedProperties?: IndexedProperty[];
  /** OpenAPI spec to validate against; defaults to contracts/jira/jira-platform-v3.reduced.json. */
  specPath?: string;
  /** Base of `self` links. */
  siteUrl?: string;
  /**
   * 'manual' (default): time starts at `start` and moves `stepMs` per change, or when told to.
   * 'real': follows the wall clock (still monotonic); `start` defaults to now.
   */
  clock?: { mode?: 'manual' | 'real'; start?: string | number | Date; stepMs?: number };
  /** Failure controls active from the start (the JSON of POST /__sim/faults). */
  faults?: FaultRequest;
}

export interface JiraSimulator {
  plugin: FastifyPluginAsync;
  /** The live state; `state.data` is the plain-JSON model, `state.clock` the controllable clock. */
  state: JiraStore;
  /** Failure controls: latency, search-index lag, per-path faults, failWrite, body size and points quota. */
  faults: FaultController;
  violations: ContractViolation[];
  /** Deep copy of the whole state (projects with their versions, issues, properties, links, remote links, counters, clock). */
  snapshot(): SimState;
  restore(snapshot: unknown): void;
  /** Issue counts per project/type and other totals. */
  summary(): Record<string, unknown>;
}

function isSimState(v: unknown): v is SimState {
  const s = v as SimState;
  return (
    typeof s === 'object' && s !== null && Array.isArray(s.issues) && Array.isArray(s.projects) &&
    Array.isArray(s.users) && Array.isArray(s.links) && Array.isArray(s.remoteLinks) &&
    typeof s.counters === 'object' && typeof s.clock === 'object'
  );
}

export function createJiraSimulator(opts: JiraSimulatorOptions = {}): JiraSimulator {
  const indexed =
    opts.indexedProperties ??
    (existsSync(DEFAULT_MANIFEST_PATH) ? indexedPropertiesFromManifest(DEFAULT_MANIFEST_PATH) : []);
  const mode = opts.clock?.mode ?? 'manual';
  const start =
    opts.clock?.start !== undefined ? new Date(opts.clock.start).getTime() : mode === 'real' ? Date.now() : DEFAULT_START;
  if (Number.isNaN(start)) throw new Error(`Invalid clock start: ${String(opts.clock?.start)}`);
  const data = buildSeedState(opts.seed ?? 'demo', {
    mode,
    startMs: start,
    baseMs: 0,
    stepMs: opts.clock?.stepMs ?? 1000,
  });
  const store = new JiraStore(data, indexed.map((p) => ({ ...p })), opts.siteUrl ?? DEFAULT_SITE_URL);
  const contract = loadContract(opts.specPath ?? DEFAULT_SPEC_PATH);
  const faults = new FaultController();
  store.index.lag = () => faults.indexLagMs;
  if (opts.faults) faults.set(opts.faults);
  const violations: ContractViolation[] = [];

  return {
    plugin: createPlugin({ store, contract, faults, violations }),
    state: store,
    faults,
    violations,
    snapshot: () => structuredClone(store.data),
    restore(snapshot: unknown) {
      if (!isSimState(snapshot)) throw new Error('Not a Jira simulator snapshot');
      store.data = upgradeSnapshot(structuredClone(snapshot));
      store.index.clear();
    },
    summary: () => stateSummary(store),
  };
}

