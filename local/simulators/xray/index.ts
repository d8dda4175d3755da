/**
 * The Xray Cloud simulator: a Fastify plugin the local runtime registers under `/xray`. Every GraphQL document is
 * parsed and validated against Xray's schema (contracts/xray/xray_schema.graphql) and its node limits before the
 * resolvers run. The region comes from `x-sim-host`. Faults are set in-process (`faults.set`) or with
 * POST /xray/__sim/faults, cleared with DELETE.
 */
import type { FastifyPluginAsync } from 'fastify';
import { generateXrayDemo } from '../../demo/xray/generate';
import { FaultSpecSchema, XrayFaults } from './faults';
import { installRoutes } from './routes';
import { XraySimState } from './state';
import type { SimData } from './types';

export type { FaultSpec } from './faults';
export { XrayFaults } from './faults';
export { XraySimState } from './state';

export interface XraySimulatorOptions {
  /** `demo` loads the demo tenants; absent starts with none. */
  seed?: 'demo';
  /** The simulator clock (stamps changes, expires tokens, counts the budget). Defaults to Date.now. */
  now?: () => number;
  /** The demo's "today": executions fall in the 30 days before it. */
  anchorMs?: number;
  /** Lifetime of tokens; 24 h by default, as Xray's. */
  tokenTtlSeconds?: number;
  /** Requests per window per API key; Xray Standard's 300 per 5 minutes by default. */
  budget?: { limit: number; windowMs: number };
}

export interface XraySimulator {
  plugin: FastifyPluginAsync;
  state: XraySimState;
  faults: XrayFaults;
  snapshot(): unknown;
  restore(s: unknown): void;
}

export function createXraySimulator(opts: XraySimulatorOptions = {}): XraySimulator {
  const data: SimData = opts.seed === 'demo' ? generateXrayDemo({ anchorMs: opts.anchorMs }) : { tenants: {}, clients: [], tokens: [] };
  const state = new XraySimState(data, opts.now ?? Date.now);
  const faults = new XrayFaults();

  const plugin: FastifyPluginAsync = async (app) => {
    app.post('/__sim/faults', async (req, reply) => {
      const parsed = FaultSpecSchema.safeParse(req.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      faults.set(parsed.data);
      return faults.active();
    });
    app.get('/__sim/faults', async () => faults.active());
    app.delete('/__sim/faults', async () => {
      faults.clear();
      return {};
    });
    installRoutes(app, state, faults, {
      tokenTtlSeconds: opts.tokenTtlSeconds ?? 24 * 60 * 60,
      budget: opts.budget ?? { limit: 300, windowMs: 5 * 60_000 },
    });
  };

  return {
    plugin,
    state,
    faults,
    snapshot: () => structuredClone({ data: state.data, faults: faults.active() }),
    restore: (s: unknown) => {
      const snap = s as { data?: SimData; faults?: unknown };
      if (!snap || typeof snap !== 'object' || !snap.data?.tenants) throw new Error('Not an Xray simulator snapshot');
      state.data = structuredClone(snap.data);
      faults.restore(snap.faults);
    },
  };
}
