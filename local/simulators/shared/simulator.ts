/**
 * The wiring every vendor simulator (qTest, QMetry, Xray) shares: the `/__sim/faults` routes, the
 * snapshot/restore pair that saves the simulator's data together with its active faults, and
 * `vendorSimulator`, which puts them together with the vendor's own hooks and routes.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { FaultSchema } from './faults';

/** The part of a FaultController the wiring uses. */
interface Faults {
  readonly schema: FaultSchema;
  set(spec: Record<string, unknown>): void;
  clear(): void;
  active(): unknown;
  restore(spec: unknown): void;
}

/** The options every vendor simulator's factory takes. */
export interface VendorSimulatorOptions {
  /** `demo` loads the demo data; absent starts with none. */
  seed?: 'demo';
  /** The simulator clock (stamps changes; expires tokens where the vendor has them). Defaults to Date.now. */
  now?: () => number;
  /** The demo's "today": executions fall in the 30 days before it. */
  anchorMs?: number;
}

/** What a vendor simulator's factory answers. */
export interface VendorSimulator<State, F> {
  plugin: FastifyPluginAsync;
  state: State;
  faults: F;
  snapshot(): unknown;
  restore(s: unknown): void;
}

/**
 * POST /__sim/faults merges faults (400 with the schema's complaints under `errorKey`), GET lists them,
 * DELETE clears them.
 */
export function installFaultRoutes(app: FastifyInstance, faults: Faults, errorKey: 'message' | 'error' = 'message'): void {
  app.post('/__sim/faults', async (req, reply) => {
    const parsed = faults.schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({ [errorKey]: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    faults.set(parsed.data);
    return faults.active();
  });
  app.get('/__sim/faults', async () => faults.active());
  app.delete('/__sim/faults', async () => {
    faults.clear();
    return {};
  });
}

/**
 * snapshot() copies the data and the active faults; restore() puts back a snapshot whose data passes
 * `isData`, else throws `notASnapshot`.
 */
export function snapshotting<Data>(
  state: { data: Data },
  faults: Faults,
  isData: (data: Data | undefined) => boolean,
  notASnapshot: string,
): Pick<VendorSimulator<unknown, unknown>, 'snapshot' | 'restore'> {
  return {
    snapshot: () => structuredClone({ data: state.data, faults: faults.active() }),
    restore: (s: unknown) => {
      const snap = s as { data?: Data; faults?: unknown };
      if (!snap || typeof snap !== 'object' || !isData(snap.data)) throw new Error(notASnapshot);
      state.data = structuredClone(snap.data as Data);
      faults.restore(snap.faults);
    },
  };
}

/**
 * A vendor simulator from its state and faults: the plugin runs `prepare` (e.g. body parsers), adds the
 * `/__sim/faults` routes, then `install` (the vendor's hooks and routes).
 */
export function vendorSimulator<Data, State extends { data: Data }, F extends Faults>(parts: {
  state: State;
  faults: F;
  prepare?: (app: FastifyInstance) => void;
  install: (app: FastifyInstance) => void;
  /** Where the 400 of POST /__sim/faults puts its message (`message` by default). */
  errorKey?: 'message' | 'error';
  /** Whether a snapshot's data is this simulator's. */
  isData: (data: Data | undefined) => boolean;
  /** The error restore() throws for anything else. */
  notASnapshot: string;
}): VendorSimulator<State, F> {
  const { state, faults } = parts;
  const plugin: FastifyPluginAsync = async (app) => {
    parts.prepare?.(app);
    installFaultRoutes(app, faults, parts.errorKey);
    parts.install(app);
  };
  return { plugin, state, faults, ...snapshotting<Data>(state, faults, parts.isData, parts.notASnapshot) };
}
