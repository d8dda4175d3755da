/**
 * The step results of one Test Run, read on demand (when a bug is created from it; the sync does not keep them):
 * `getTestRunById(id)` with the run's `steps` (TestRunStep: `status { name }`, a StepStatus, and `actualResult`), one
 * GraphQL request. Steps are numbered from 1 in the order Xray answers them, as mapping.ts mapSteps numbers a Test's
 * steps; a step without a status counts as TODO, Xray's initial status (as a run without one does). Runs of data-driven
 * Tests keep their step results per iteration (TestRun.iterations), which this read does not walk: their `steps` alone
 * are read.
 */
import { z } from 'zod';
import { ConnectorError, type RunRef, type StepResult, type StepResults } from '../types';
import type { XrayClient } from './client';
import { TEST_RUN_STEPS } from './documents';
import { INITIAL_STATUS } from './mapping';

/** How the read is named when its answer cannot be read. */
export const STEPS_ENDPOINT = 'POST /api/v2/graphql (XrayTestRunSteps)';

const RunStepSchema = z.object({
  id: z.string().nullish(),
  status: z.object({ name: z.string().nullish() }).nullish(),
  actualResult: z.string().nullish(),
});
const AnswerSchema = z.object({
  getTestRunById: z.object({ id: z.string(), steps: z.array(RunStepSchema.nullable()).nullish() }).nullish(),
});

export async function readXrayStepResults(client: XrayClient, ref: RunRef): Promise<StepResults> {
  let answer: z.infer<typeof AnswerSchema>;
  try {
    answer = await client.query(TEST_RUN_STEPS, { id: ref.runId }, AnswerSchema);
  } catch (e) {
    // The client names the field; the read is named here.
    if (e instanceof ConnectorError && e.code === 'UNEXPECTED_RESPONSE' && !e.details.endpoint) {
      throw new ConnectorError(e.code, e.message, { ...e.details, endpoint: STEPS_ENDPOINT }, { cause: e.cause });
    }
    throw e;
  }
  const run = answer.getTestRunById;
  if (!run) throw new ConnectorError('PROJECT_NOT_FOUND', `Xray has no Test Run ${ref.runId.slice(0, 40)}`, { endpoint: STEPS_ENDPOINT });
  const steps = (run.steps ?? [])
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .map((s, i): StepResult => {
      const actual = s.actualResult?.trim();
      return { index: i + 1, status: s.status?.name || INITIAL_STATUS, ...(actual ? { actual } : {}) };
    });
  return { steps };
}
