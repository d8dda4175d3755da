/**
 * The qTest Manager simulator: a Fastify plugin the local runtime registers under `/qtest`.
 * The site comes from the `x-sim-host` header (`demo.qtestnet.com` → site `demo`).
 * Faults are set in-process (`faults.set`) or with POST /qtest/__sim/faults, cleared with DELETE.
 */
import { generateQtestDemo } from '../../demo/qtest/generate';
import { vendorSimulator, type VendorSimulator, type VendorSimulatorOptions } from '../shared/simulator';
import { QtestFaults } from './faults';
import { installGate } from './gate';
import { installRoutes } from './routes';
import { installWriteRoutes } from './writes';
import { QtestSimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { QtestFaults } from './faults';
export { QtestSimState } from './state';

/** `seed: 'demo'` loads the demo site; without it there is no site at all. */
export interface QtestSimulatorOptions extends VendorSimulatorOptions {
  /** Lifetime of tokens from /oauth/token; 3600 s by default. */
  loginTtlSeconds?: number;
}

export type QtestSimulator = VendorSimulator<QtestSimState, QtestFaults>;

export function createQtestSimulator(opts: QtestSimulatorOptions = {}): QtestSimulator {
  const data: SimData = { sites: {} };
  if (opts.seed === 'demo') {
    const site = generateQtestDemo({ anchorMs: opts.anchorMs });
    data.sites[site.site] = site;
  }
  const state = new QtestSimState(data, opts.now ?? Date.now);
  const faults = new QtestFaults();
  return vendorSimulator<SimData, QtestSimState, QtestFaults>({
    state,
    faults,
    prepare: (app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
    },
    install: (app) => {
      installGate(app, state, faults);
      installRoutes(app, state, { loginTtlSeconds: opts.loginTtlSeconds ?? 3600 });
      installWriteRoutes(app, state);
    },
    isData: (d) => !!d?.sites,
    notASnapshot: 'Not a qTest simulator snapshot',
  });
}
