/**
 * The qTest Manager simulator: a Fastify plugin the local runtime registers under `/qtest`.
 * The site comes from the `x-sim-host` header (`demo.qtestnet.com` → site `demo`).
 * Every request and answer is held to qTest's v3 Swagger (spec-gate.ts); what the spec does not allow is listed in
 * `violations` (GET /qtest/__sim/violations).
 * Faults are set in-process (`faults.set`) or with POST /qtest/__sim/faults, cleared with DELETE.
 */
import { generateQtestDemo } from '../../demo/qtest/generate';
import { vendorSimulator, type VendorSimulator, type VendorSimulatorOptions } from '../shared/simulator';
import { QtestFaults } from './faults';
import { installDefectRoutes } from './routes-defects';
import { installGate } from './gate';
import { installRoutes } from './routes';
import { installRunRoutes } from './routes-runs';
import { installSpecGate, type QtestViolation } from './spec-gate';
import { installWriteRoutes } from './writes';
import { QtestSimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { QtestFaults } from './faults';
export { QtestSimState } from './state';
export type { QtestViolation, ViolationKind } from './spec-gate';

/** `seed: 'demo'` loads the demo site; without it there is no site at all. */
export interface QtestSimulatorOptions extends VendorSimulatorOptions {
  /** Lifetime of tokens from /oauth/token; 3600 s by default. */
  loginTtlSeconds?: number;
  /**
   * Whether test-log searches know the criteria `Test Run Id` (true by default). Whether qTest does is not documented;
   * without it the connector falls back to each run's test log list.
   */
  testLogRunCriterion?: boolean;
}

export type QtestSimulator = VendorSimulator<QtestSimState, QtestFaults> & {
  /** Requests the Swagger does not allow and answers that do not match it, oldest first. */
  violations: QtestViolation[];
};

export function createQtestSimulator(opts: QtestSimulatorOptions = {}): QtestSimulator {
  const data: SimData = { sites: {} };
  if (opts.seed === 'demo') {
    const site = generateQtestDemo({ anchorMs: opts.anchorMs });
    data.sites[site.site] = site;
  }
  const state = new QtestSimState(data, opts.now ?? Date.now);
  const faults = new QtestFaults();
  const violations: QtestViolation[] = [];
  const sim = vendorSimulator<SimData, QtestSimState, QtestFaults>({
    state,
    faults,
    prepare: (app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
    },
    install: (app) => {
      // The spec gate's answer check runs before the gate's fault injection rewrites an answer.
      installSpecGate(app, violations);
      installGate(app, state, faults);
      installRoutes(app, state, { loginTtlSeconds: opts.loginTtlSeconds ?? 3600, testLogRunCriterion: opts.testLogRunCriterion ?? true });
      installRunRoutes(app);
      installWriteRoutes(app, state);
      installDefectRoutes(app, state);
    },
    isData: (d) => !!d?.sites,
    notASnapshot: 'Not a qTest simulator snapshot',
  });
  return { ...sim, violations };
}
