/**
 * The step results of one run, read on demand (when a bug is created from it; the sync does not keep them): the test
 * log's `test_step_logs` (TestStepLogResource: `status` a StatusResource, `actual_result`, `order`).
 *
 * Which test log: a run entry the sync keeps as `<run>:<log>` names its log; `<run>:latest` (or a bare run id) names the
 * run's latest. The reads, per the v3 Swagger:
 * - getLastRunLog  GET …/test-runs/{testRunId}/test-logs/last-run?expand=teststeplog.teststep: the run's latest log, with
 *   the expand the Swagger documents "to expand results of each Test Steps in the response". Read first: a bug is
 *   nearly always created from a run's latest execution, so this one request is what it costs.
 * - getTestLog     GET …/test-runs/{testRunId}/test-logs/{id}: an older execution of the run, read only when the latest
 *   log is another one. It answers a TestLogResource, whose `test_step_logs` the Swagger lists; the operation declares
 *   no `expand`, so whether qTest includes the step logs there is not documented: a log answered without them has no
 *   step results to show.
 * - getStatusValuable GET …/test-runs/execution-statuses: only when a step log names its status by id alone.
 *
 * Steps are numbered as mapping.ts mapSteps numbers a case's steps: sorted by `order`, from 1. An answer the connector
 * cannot read (a log without an id, step logs that are not a list, a status that is neither named nor known) throws
 * UNEXPECTED_RESPONSE naming the endpoint and the field.
 */
import { z } from 'zod';
import { plainText } from '../text';
import { ConnectorError, type RunRef, type StepResult, type StepResults } from '../types';
import type { QtestClient } from './client';
import { listStatuses } from './queries';
import { readWhole } from './rows';

const P = '/api/v3/projects/{projectId}';
/** getLastRunLog's expand that adds the results of each test step (the Swagger's own value). */
export const STEP_RESULTS_EXPAND = 'teststeplog.teststep';

const int = z.number().int().nullish();
const StepLogSchema = z
  .object({
    status: z.object({ id: int, name: z.string().nullish() }),
    actual_result: z.string().nullish(),
    order: int,
  })
  .superRefine((s, ctx) => {
    if (!s.status.name && s.status.id == null) ctx.addIssue({ code: 'custom', path: ['status'], message: 'has neither a name nor an id' });
  });
const LogWithStepsSchema = z.object({ id: z.number().int(), test_step_logs: z.array(StepLogSchema).nullish() });
type LogWithSteps = z.infer<typeof LogWithStepsSchema>;

/** The run and the log a run entry names (`log` undefined: the run's latest). */
function parseRunId(runId: string): { run: string; log?: number } {
  const [run, log] = runId.split(':');
  if (!/^\d+$/.test(run ?? '')) throw new ConnectorError('UNEXPECTED_RESPONSE', `"${runId.slice(0, 60)}" names no qTest test run`);
  return { run, ...(log && /^\d+$/.test(log) ? { log: Number(log) } : {}) };
}

async function readLog(client: QtestClient, projectId: string, run: string, log: number | undefined): Promise<{ log: LogWithSteps; endpoint: string }> {
  const latest = await client.call({
    method: 'GET',
    path: `${P}/test-runs/{testRunId}/test-logs/last-run`,
    params: { projectId, testRunId: run },
    query: { expand: STEP_RESULTS_EXPAND },
  });
  const read = readWhole(latest.endpoint, latest.json, LogWithStepsSchema);
  if (log === undefined || read.id === log) return { log: read, endpoint: latest.endpoint };
  const older = await client.call({ method: 'GET', path: `${P}/test-runs/{testRunId}/test-logs/{id}`, params: { projectId, testRunId: run, id: log } });
  const got = readWhole(older.endpoint, older.json, LogWithStepsSchema);
  if (got.id !== log) {
    throw new ConnectorError('UNEXPECTED_RESPONSE', `qTest answered test log ${got.id} when asked for test log ${log}`, { endpoint: older.endpoint, field: 'id' });
  }
  return { log: got, endpoint: older.endpoint };
}

/** The step results of the test log a run entry names, in step order. */
export async function readQtestStepResults(client: QtestClient, ref: RunRef): Promise<StepResults> {
  const { run, log } = parseRunId(ref.runId);
  const { log: read, endpoint } = await readLog(client, ref.projectId, run, log);
  const stepLogs = (read.test_step_logs ?? []).map((s, at) => ({ ...s, at }));
  let statuses: Map<number, string> | undefined;
  if (stepLogs.some((s) => !s.status.name)) {
    statuses = new Map((await listStatuses(client, ref.projectId)).items.map((s) => [s.id, s.name]));
  }
  const ordered = [...stepLogs].sort((a, b) => (a.order ?? a.at) - (b.order ?? b.at) || a.at - b.at);
  const steps = ordered.map((s, i): StepResult => {
    const status = s.status.name || statuses?.get(s.status.id!);
    if (!status) {
      throw new ConnectorError(
        'UNEXPECTED_RESPONSE',
        `qTest answered ${endpoint} with a step status the app cannot name: test_step_logs[${s.at}].status.id is ${s.status.id}, which is not among the project's execution statuses`,
        { endpoint, field: `test_step_logs[${s.at}].status.id` },
      );
    }
    const actual = plainText(s.actual_result);
    return { index: i + 1, status, ...(actual ? { actual } : {}) };
  });
  return { steps };
}
