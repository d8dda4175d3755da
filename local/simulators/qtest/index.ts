/**
 * The qTest Manager simulator: a Fastify plugin the local runtime registers under `/qtest`.
 * The site comes from the `x-sim-host` header (`demo.qtestnet.com` → site `demo`).
 * Faults are set in-process (`faults.set`) or with POST /qtest/__sim/faults, cleared with DELETE.
 */
import type { FastifyPluginAsync } from 'fastify';
import { generateQtestDemo } from '../../demo/qtest/generate';
import { FaultSpecSchema, QtestFaults } from './faults';
import { installGate } from './gate';
import { installRoutes } from './routes';
import { QtestSimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { QtestFaults } from './faults';
export { QtestSimState } from './state';

export interface QtestSimulatorOptions {
  /** `demo` loads the demo site; absent starts with no site at all. */
  seed?: 'demo';
  /** The simulator clock (stamps changes, expires tokens). Defaults to Date.now. */
  now?: () => number;
  /** The demo's "today": executions fall in the 30 days before it. */
  anchorMs?: number;
  /** Lifetime of tokens from /oauth/token; 3600 s by default. */
  loginTtlSeconds?: number;
}

export interface QtestSimulator {
  plugin: FastifyPluginAsync;
  state: QtestSimState;
  faults: QtestFaults;
  snapshot(): unknown;
  restore(s: unknown): void;
}

export function createQtestSimulator(opts: QtestSimulatorOptions = {}): QtestSimulator {
  const data: SimData = { sites: {} };
  if (opts.seed === 'demo') {
    const site = generateQtestDemo({ anchorMs: opts.anchorMs });
    data.sites[site.site] = site;
  }
  const state = new QtestSimState(data, opts.now ?? Date.now);
  const faults = new QtestFaults();

  const plugin: FastifyPluginAsync = async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

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
    installRoutes(app, state, { loginTtlSeconds: opts.loginTtlSeconds ?? 3600 });
  };

  return {
    plugin,
    state,
    faults,
    snapshot: () => structuredClone({ data: state.data, faults: faults.active() }),
    restore: (s: unknown) => {
      const snap = s as { data?: SimData; faults?: unknown };
      if (!snap || typeof snap !== 'object' || !snap.data?.sites) throw new Error('Not a qTest simulator snapshot');
      state.data = structuredClone(snap.data);
      faults.restore(snap.faults);
    },
  };
}
