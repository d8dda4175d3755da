/**
 * Faults the Xray simulator can inject, set in-process (`faults.set`) or with POST /xray/__sim/faults.
 * Count-based faults hit the next N matching requests; `path` limits a fault to URLs containing it
 * (`/api/v2/authenticate` or `/api/v2/graphql`).
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
    /** 200 with a wrongly typed field (the first `issueId`, `id` or `name` becomes a number). */
    corruptField: z.object(counted),
    /** 200 with `{ data: null, errors: [{ message }] }` on GraphQL requests. */
    graphqlError: z.object({ ...counted, message: z.string().default('Internal server error') }),
    /** After this many more GraphQL requests, the caller's API key is deleted (its tokens stop working). */
    revokeClientAfter: z.object({ requests: z.number().int().min(0) }),
    /** Every request waits this long before answering. */
    delayMs: z.number().int().min(0),
  })
  .partial()
  .strict();
export type FaultSpec = z.input<typeof FaultSpecSchema>;
type Parsed = z.output<typeof FaultSpecSchema>;

export type CountedFault = 'rateLimit' | 'serverError' | 'malformedJson' | 'truncatedBody' | 'corruptField' | 'graphqlError';

export class XrayFaults {
  private spec: Parsed = {};

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

  /** Counts a GraphQL request; true when the caller's API key must be deleted before it is served. */
  revokeNow(): boolean {
    const r = this.spec.revokeClientAfter;
    if (!r) return false;
    if (r.requests <= 0) {
      delete this.spec.revokeClientAfter;
      return true;
    }
    this.spec.revokeClientAfter = { requests: r.requests - 1 };
    return false;
  }
}
