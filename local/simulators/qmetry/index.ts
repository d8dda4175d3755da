/**
 * The QMetry Test Management simulator: a Fastify plugin the local runtime registers under `/qmetry`.
 * The site comes from the `x-sim-host` header (`demo.qmetry.com` → site `demo`).
 * Faults are set in-process (`faults.set`) or with POST /qmetry/__sim/faults, cleared with DELETE.
 */
import { generateQmetryDemo } from '../../demo/qmetry/generate';
import { vendorSimulator, type VendorSimulator, type VendorSimulatorOptions } from '../shared/simulator';
import { QmetryFaults } from './faults';
import { installGate } from './gate';
import { installAdminRoutes } from './routes/admin';
import { installIssueRoutes } from './routes/issues';
import { installRunRoutes } from './routes/runs';
import { installTestRoutes } from './routes/tests';
import { installWriteRoutes } from './routes/writes';
import { QmetrySimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { QmetryFaults } from './faults';
export { QmetrySimState } from './state';

/** `seed: 'demo'` loads the demo site; without it there is no site at all. */
export type QmetrySimulatorOptions = VendorSimulatorOptions;

export type QmetrySimulator = VendorSimulator<QmetrySimState, QmetryFaults>;

export function createQmetrySimulator(opts: QmetrySimulatorOptions = {}): QmetrySimulator {
  const data: SimData = { hosts: {} };
  if (opts.seed === 'demo') {
    const host = generateQmetryDemo({ anchorMs: opts.anchorMs });
    data.hosts[host.site] = host;
  }
  const state = new QmetrySimState(data, opts.now ?? Date.now);
  const faults = new QmetryFaults();
  return vendorSimulator<SimData, QmetrySimState, QmetryFaults>({
    state,
    faults,
    install: (app) => {
      installGate(app, state, faults);
      installAdminRoutes(app);
      installTestRoutes(app);
      installRunRoutes(app);
      installWriteRoutes(app, state);
      installIssueRoutes(app, state);
    },
    isData: (d) => !!d?.hosts,
    notASnapshot: 'Not a QMetry simulator snapshot',
  });
}
