/**
 * Faults the qTest simulator can inject, set in-process (`faults.set`) or with POST /qtest/__sim/faults.
 * The common kinds are in ../shared/faults.ts; `corruptField` turns items[0].pid / [0].name into a number.
 */
import { faultControllerFor, faultSpecSchema, revokeAfter, type CountedKind } from '../shared/faults';
import type { z } from 'zod';

export const FaultSpecSchema = faultSpecSchema({
  /** After this many more authorized API requests, the caller's token is revoked. */
  revokeTokenAfter: revokeAfter,
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export type CountedFault = CountedKind<typeof FaultSpecSchema>;

export class QtestFaults extends faultControllerFor(FaultSpecSchema, 'revokeTokenAfter') {}
