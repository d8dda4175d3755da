/**
 * The Xray Cloud simulator: a Fastify plugin the local runtime registers under `/xray`. Every GraphQL document is
 * parsed and validated against Xray's schema (contracts/xray/xray_schema.graphql) and its node limits before the
 * resolvers run. The region comes from `x-sim-host`. Faults are set in-process (`faults.set`) or with
 * POST /xray/__sim/faults, cleared with DELETE.
 */
import { generateXrayDemo } from '../../demo/xray/generate';
import { vendorSimulator, type VendorSimulator, type VendorSimulatorOptions } from '../shared/simulator';
import { XrayFaults } from './faults';
import { installRoutes } from './routes';
import { XraySimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { XrayFaults } from './faults';
export { XraySimState } from './state';

/** `seed: 'demo'` loads the demo tenants; the clock also counts the budget. */
export interface XraySimulatorOptions extends VendorSimulatorOptions {
  /** Lifetime of tokens; 24 h by default, as Xray's. */
  tokenTtlSeconds?: number;
  /** Requests per window per API key; Xray Standard's 300 per 5 minutes by default. */
  budget?: { limit: number; windowMs: number };
}

export type XraySimulator = VendorSimulator<XraySimState, XrayFaults>;

export function createXraySimulator(opts: XraySimulatorOptions = {}): XraySimulator {
  const data: SimData = opts.seed === 'demo' ? generateXrayDemo({ anchorMs: opts.anchorMs }) : { tenants: {}, clients: [], tokens: [] };
  const state = new XraySimState(data, opts.now ?? Date.now);
  const faults = new XrayFaults();
  return vendorSimulator<SimData, XraySimState, XrayFaults>({
    state,
    faults,
    install: (app) =>
      installRoutes(app, state, faults, {
        tokenTtlSeconds: opts.tokenTtlSeconds ?? 24 * 60 * 60,
        budget: opts.budget ?? { limit: 300, windowMs: 5 * 60_000 },
      }),
    errorKey: 'error',
    isData: (d) => !!d?.tenants,
    notASnapshot: 'Not an Xray simulator snapshot',
  });
}
