/**
 * Faults the QMetry simulator can inject, set in-process (`faults.set`) or with POST /qmetry/__sim/faults.
 * The common kinds are in ../shared/faults.ts; `corruptField` turns data[0].name into a number.
 */
import { faultControllerFor, faultSpecSchema, revokeAfter, type CountedKind } from '../shared/faults';
import type { z } from 'zod';

export const FaultSpecSchema = faultSpecSchema({
  /** After this many more authorized API requests, the caller's Open API key is revoked. */
  revokeKeyAfter: revokeAfter,
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export type CountedFault = CountedKind<typeof FaultSpecSchema>;

export class QmetryFaults extends faultControllerFor(FaultSpecSchema, 'revokeKeyAfter') {}
