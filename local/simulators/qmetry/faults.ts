/**
 * Faults the QMetry simulator can inject, set in-process (`faults.set`) or with POST /qmetry/__sim/faults.
 * Count-based faults hit the next N matching requests; `path` limits a fault to URLs containing it.
 */
import { z } from 'zod';

const counted = { count: z.number().int().min(1), path: z.string().optional() };

export const FaultSpecSchema = z
  .object({
    /** 429 with this Retry-After header value (seconds or HTTP date). */
    rateLimit: z.object({ ...counted, retryAfter: z.string().optional() }),
    /** 500, 502 or 503. */
    serverError: z.object({ ...counted, status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(503) }),
    /** 200 with a body that is not JSON. */
    malformedJson: z.object(counted),
    /** 200 with the JSON body cut in half. */
    truncatedBody: z.object(counted),
    /** 200 with a wrongly typed field (data[0].name becomes a number). */
    corruptField: z.object(counted),
    /** After this many more authorized API requests, the caller's Open API key is revoked. */
    revokeKeyAfter: z.object({ requests: z.number().int().min(0) }),
    /** Every request waits this long before answering. */
    delayMs: z.number().int().min(0),
  })
  .partial()
  .strict();
export type FaultSpec = z.input<typeof FaultSpecSchema>;
type Parsed = z.output<typeof FaultSpecSchema>;

export type CountedFault = 'rateLimit' | 'serverError' | 'malformedJson' | 'truncatedBody' | 'corruptField';

export class QmetryFaults {
  private spec: Parsed = {};

  /** Merges faults into the active set. */
  set(spec: FaultSpec): void {
    this.spec = { ...this.spec, ...FaultSpecSchema.parse(spec) };
  }

  clear(): void {
    this.spec = {};
  }

  active(): Parsed {
    return JSON.parse(JSON.stringify(this.spec)) as Parsed;
  }

  restore(spec: unknown): void {
    this.spec = FaultSpecSchema.parse(spec ?? {});
  }

  get delayMs(): number {
    return this.spec.delayMs ?? 0;
  }

  /** Consumes one hit of a counted fault for this URL; returns it when it applies. */
  take<K extends CountedFault>(kind: K, url: string): NonNullable<Parsed[K]> | undefined {
    const f = this.spec[kind];
    if (!f || (f.path && !url.includes(f.path))) return undefined;
    const hit = { ...f } as NonNullable<Parsed[K]>;
    if (f.count <= 1) delete this.spec[kind];
    else this.spec[kind] = { ...f, count: f.count - 1 } as Parsed[K];
    return hit;
  }

  /** Counts an authorized request; true when the key must be revoked before it is served. */
  revokeNow(): boolean {
    const r = this.spec.revokeKeyAfter;
    if (!r) return false;
    if (r.requests <= 0) {
      delete this.spec.revokeKeyAfter;
      return true;
    }
    this.spec.revokeKeyAfter = { requests: r.requests - 1 };
    return false;
  }
}
