/**
 * The fault controller the vendor simulators (qTest, QMetry, Xray) share: a zod-checked spec of active faults,
 * set in-process (`faults.set`) or with POST /<prefix>/__sim/faults, cleared with DELETE.
 * Count-based faults hit the next N matching requests; `path` limits a fault to URLs containing it.
 * Each simulator adds its own kinds (its revoke-after-N field, extra counted faults) with `faultSpecSchema`.
 */
import { z } from 'zod';

/** The fields of every count-based fault. */
export const counted = { count: z.number().int().min(1), path: z.string().optional() };

/** After this many more requests the simulator revokes the caller's credential. */
export const revokeAfter = z.object({ requests: z.number().int().min(0) });

/** The faults every vendor simulator knows, in the order they are listed. */
const commonFaults = {
  /** 429 with this Retry-After header value (seconds or HTTP date). */
  rateLimit: z.object({ ...counted, retryAfter: z.string().optional() }),
  /** 500, 502 or 503. */
  serverError: z.object({ ...counted, status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(503) }),
  /** 200 with a body that is not JSON. */
  malformedJson: z.object(counted),
  /** 200 with the JSON body cut in half. */
  truncatedBody: z.object(counted),
  /** 200 with a wrongly typed field (which one is up to the simulator). */
  corruptField: z.object(counted),
};

/** The full fault spec of a simulator: the common faults, then `specific`, then `delayMs`. */
export function faultSpecSchema<S extends z.ZodRawShape>(specific: S) {
  return z
    .object({
      ...commonFaults,
      ...specific,
      /** Every request waits this long before answering. */
      delayMs: z.number().int().min(0),
    })
    .partial()
    .strict();
}

type AnySpec = Record<string, unknown>;
export type FaultSchema = z.ZodType<AnySpec, AnySpec>;

/** The count-based fault kinds of a spec. */
export type CountedKind<S extends FaultSchema> = {
  [K in keyof z.output<S>]-?: NonNullable<z.output<S>[K]> extends { count: number } ? K : never;
}[keyof z.output<S>] &
  string;

/** The revoke-after-N fields of a spec. */
export type RevokeKind<S extends FaultSchema> = {
  [K in keyof z.output<S>]-?: NonNullable<z.output<S>[K]> extends { requests: number } ? K : never;
}[keyof z.output<S>] &
  string;

type CountedValue = { count: number; path?: string };

export class FaultController<S extends FaultSchema, R extends RevokeKind<S>> {
  private spec: AnySpec = {};

  constructor(
    /** The simulator's spec schema (see `faultSpecSchema`). */
    readonly schema: S,
    /** The field holding the revoke-after-N fault, e.g. `revokeTokenAfter`. */
    private readonly revokeField: R,
  ) {}

  /** Merges faults into the active set. */
  set(spec: z.input<S>): void {
    this.spec = { ...this.spec, ...this.schema.parse(spec) };
  }

  clear(): void {
    this.spec = {};
  }

  active(): z.output<S> {
    return JSON.parse(JSON.stringify(this.spec)) as z.output<S>;
  }

  restore(spec: unknown): void {
    this.spec = this.schema.parse(spec ?? {});
  }

  get delayMs(): number {
    return (this.spec.delayMs as number | undefined) ?? 0;
  }

  /** Waits the injected delay, if any. */
  async delay(): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  /** Consumes one hit of a counted fault for this URL; returns it when it applies. */
  take<K extends CountedKind<S>>(kind: K, url: string): NonNullable<z.output<S>[K]> | undefined {
    const f = this.spec[kind] as CountedValue | undefined;
    if (!f || (f.path && !url.includes(f.path))) return undefined;
    const hit = { ...f } as unknown as NonNullable<z.output<S>[K]>;
    if (f.count <= 1) delete this.spec[kind];
    else this.spec[kind] = { ...f, count: f.count - 1 };
    return hit;
  }

  /** Counts a request that carries a credential; true when the credential must be revoked before it is served. */
  revokeNow(): boolean {
    const r = this.spec[this.revokeField] as { requests: number } | undefined;
    if (!r) return false;
    if (r.requests <= 0) {
      delete this.spec[this.revokeField];
      return true;
    }
    this.spec[this.revokeField] = { requests: r.requests - 1 };
    return false;
  }
}

/** A FaultController class for one simulator's schema, constructed without arguments (`new QtestFaults()`). */
export function faultControllerFor<S extends FaultSchema, R extends RevokeKind<S>>(schema: S, revokeField: R) {
  return class extends FaultController<S, R> {
    constructor() {
      super(schema, revokeField);
    }
  };
}
