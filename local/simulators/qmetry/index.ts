/**
 * The QMetry Test Management simulator: a Fastify plugin the local runtime registers under `/qmetry`.
 * The site comes from the `x-sim-host` header (`demo.qmetry.com` → site `demo`).
 * Faults are set in-process (`faults.set`) or with POST /qmetry/__sim/faults, cleared with DELETE.
 */
import type { FastifyPluginAsync } from 'fastify';
import { generateQmetryDemo } from '../../demo/qmetry/generate';
import { FaultSpecSchema, QmetryFaults } from './faults';
import { installGate } from './gate';
import { installAdminRoutes } from './routes/admin';
import { installRunRoutes } from './routes/runs';
import { installTestRoutes } from './routes/tests';
import { QmetrySimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { QmetryFaults } from './faults';
export { QmetrySimState } from './state';

export interface QmetrySimulatorOptions {
  /** `demo` loads the demo site; absent starts with no site at all. */
  seed?: 'demo';
  /** The simulator clock (stamps changes). Defaults to Date.now. */
  now?: () => number;
  /** The demo's "today": executions fall in the 30 days before it. */
  anchorMs?: number;
}

export interface QmetrySimulator {
  plugin: FastifyPluginAsync;
  state: QmetrySimState;
  faults: QmetryFaults;
  snapshot(): unknown;
  restore(s: unknown): void;
}

export function createQmetrySimulator(opts: QmetrySimulatorOptions = {}): QmetrySimulator {
  const data: SimData = { hosts: {} };
  if (opts.seed === 'demo') {
    const host = generateQmetryDemo({ anchorMs: opts.anchorMs });
    data.hosts[host.site] = host;
  }
  const state = new QmetrySimState(data, opts.now ?? Date.now);
  const faults = new QmetryFaults();

  const plugin: FastifyPluginAsync = async (app) => {
    app.post('/__sim/faults', async (req, reply) => {
      const parsed = FaultSpecSchema.safeParse(req.body ?? {});
      if (!parsed.success) return reply.code(400).send({ message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      faults.set(parsed.data);
      return faults.active();
    });
    app.get('/__sim/faults', async () => faults.active());
    app.delete('/__sim/faults', async () => {
      faults.clear();
      return {};
    });

    installGate(app, state, faults);
    installAdminRoutes(app);
    installTestRoutes(app);
    installRunRoutes(app);
  };

  return {
    plugin,
    state,
    faults,
    snapshot: () => structuredClone({ data: state.data, faults: faults.active() }),
    restore: (s: unknown) => {
      const snap = s as { data?: SimData; faults?: unknown };
      if (!snap || typeof snap !== 'object' || !snap.data?.hosts) throw new Error('Not a QMetry simulator snapshot');
      state.data = structuredClone(snap.data);
      faults.restore(snap.faults);
    },
  };
}
