/**
 * Faults the qTest simulator can inject, set in-process (`faults.set`) or with POST /qtest/__sim/faults.
 * The common kinds are in ../shared/faults.ts; `corruptField` turns items[0].pid / [0].name into a number (one row of
 * a list), or, in one test log, its first step log's status into a bare name; `corruptEnvelope` breaks the whole answer (a list answered as an object, a page whose `items` is a string).
 */
import { counted, faultControllerFor, faultSpecSchema, revokeAfter, type CountedKind } from '../shared/faults';
import { z } from 'zod';

export const FaultSpecSchema = faultSpecSchema({
  /** After this many more authorized API requests, the caller's token is revoked. */
  revokeTokenAfter: revokeAfter,
  /** 200 with an answer whose envelope is wrong: `{ items: "…" }` instead of a list, `items` a string in a page. */
  corruptEnvelope: z.object(counted),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export type CountedFault = CountedKind<typeof FaultSpecSchema>;

export class QtestFaults extends faultControllerFor(FaultSpecSchema, 'revokeTokenAfter') {}
