/**
 * Faults the Xray simulator can inject, set in-process (`faults.set`) or with POST /xray/__sim/faults.
 * The common kinds are in ../shared/faults.ts; `path` is `/api/v2/authenticate` or `/api/v2/graphql`, and
 * `corruptField` turns the first `issueId`, `id` or `name` into a number.
 */
import { z } from 'zod';
import { counted, faultControllerFor, faultSpecSchema, revokeAfter, type CountedKind } from '../shared/faults';

export const FaultSpecSchema = faultSpecSchema({
  /** 200 with `{ data: null, errors: [{ message }] }` on GraphQL requests. */
  graphqlError: z.object({ ...counted, message: z.string().default('Internal server error') }),
  /** After this many more GraphQL requests, the caller's API key is deleted (its tokens stop working). */
  revokeClientAfter: revokeAfter,
  /**
   * While set, Xray is not licensed on the tenant's Jira site (`tenant`, or every tenant): authenticate answers
   * 401 text/plain "The Xray license is not valid." (as documented) for a valid key, and so does GraphQL (a guess).
   */
  invalidLicense: z.object({ tenant: z.string().optional() }),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export type CountedFault = CountedKind<typeof FaultSpecSchema>;

export class XrayFaults extends faultControllerFor(FaultSpecSchema, 'revokeClientAfter') {
  /** Whether the tenant's Xray licence is made invalid. */
  licenceInvalid(tenantId: string): boolean {
    const f = this.active().invalidLicense;
    return !!f && (f.tenant === undefined || f.tenant === tenantId);
  }
}
