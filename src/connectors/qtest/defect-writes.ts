/**
 * Defects written back to qTest: a Jira bug linked to the test log (one execution of a test run) it was created
 * from, as qTest's Jira integration links defects by the Jira issue's key.
 *
 * - linkArtifactsByPid  POST …/test-logs/{testLogId}/defects  body `["SHOP-13"]` ("by pids or Jira Defects Ids"):
 *   201 `[LinkedDefectContainer]`, the log and its defects; 400 "Test run was locked", 403 "User does not have enough
 *   permission", 404 "Link defect unsuccessfully" (the Swagger's own words for each). A run entry the sync keeps as
 *   `<run>:<log>` names its log; one without a log id (`<run>:latest`, read from the run's latest_test_log) is
 *   linked to the run's latest log (GET …/test-runs/{testRunId}/test-logs/last-run).
 * - getCurrentProfile   GET …/user-profiles/current: the caller's permissions in a project. Linking a defect to a
 *   test log someone else executed edits that log: the check asks for Test Run's "modify test logs executed by
 *   others" (UserProfile.test_run.modify_test_logs_by_others; qTest's User Profiles page lists editing test logs
 *   executed by others as a permission of its own). Which permission qTest checks on this call is not documented:
 *   this is a reading of the profile's fields.
 */
import { z } from 'zod';
import { checkError } from '../check';
import { ConnectorError, type ConnectionCheck, type DefectToLink, type LinkedDefect, type RunRef } from '../types';
import type { QtestClient } from './client';
import { readWhole } from './rows';
import { ArraySchema, LinkedDefectContainerSchema, UserProfileSchema } from './records';

const P = '/api/v3/projects/{projectId}';
/** Projects whose permissions a check reads at most (one request each). */
export const CHECKED_PROJECTS_MAX = 10;

const LastLogSchema = z.object({ id: z.number().int() });

/** The test log a run entry names: `<run>:<log>`; for `<run>:latest` or a bare run id, the run's latest log. */
async function testLogOf(client: QtestClient, run: RunRef): Promise<number> {
  const [runPart, logPart] = run.runId.split(':');
  if (logPart && /^\d+$/.test(logPart)) return Number(logPart);
  if (!/^\d+$/.test(runPart ?? '')) throw new ConnectorError('UNEXPECTED_RESPONSE', `"${run.runId}" names no qTest test run`);
  const { json, endpoint } = await client.call({ method: 'GET', path: `${P}/test-runs/{testRunId}/test-logs/last-run`, params: { projectId: run.projectId, testRunId: runPart } });
  return readWhole(endpoint, json, LastLogSchema).id;
}

/** qTest's refusal of a link, in words: which log, which issue, what qTest said and what that means. */
function refusal(e: unknown, key: string, logId: number): unknown {
  if (!(e instanceof ConnectorError) || e.details.status === undefined) return e;
  const said = / \(HTTP \d+\)(: .*)?$/.exec(e.message)?.[1]?.slice(2);
  const qtest = said ? `qTest said "${said}"` : `qTest answered HTTP ${e.details.status}`;
  const where = `test log ${logId}`;
  switch (e.details.status) {
    case 400:
      return new ConnectorError('UNEXPECTED_RESPONSE', `${key} could not be linked to ${where}: ${qtest} (the test run is locked)`, e.details, { cause: e });
    case 403:
      return new ConnectorError('MISSING_PERMISSION', `${key} could not be linked to ${where}: the qTest user may not edit test logs executed by others (${qtest})`, e.details, { cause: e });
    case 404:
      return new ConnectorError('PROJECT_NOT_FOUND', `${key} could not be linked to ${where}: ${qtest}; qTest links only issues of the Jira projects its Jira integration is connected to`, e.details, { cause: e });
    default:
      return e;
  }
}

export async function linkDefectToLog(client: QtestClient, run: RunRef, defect: DefectToLink): Promise<LinkedDefect> {
  const logId = await testLogOf(client, run);
  let answer;
  try {
    answer = await client.call({
      method: 'POST',
      path: `${P}/{objectType}/{objectId}/{linkType}`,
      params: { projectId: run.projectId, objectType: 'test-logs', objectId: logId, linkType: 'defects' },
      body: [defect.key],
    });
  } catch (e) {
    throw refusal(e, defect.key, logId);
  }
  const containers = readWhole(answer.endpoint, answer.json, ArraySchema).map((c, i) => readWhole(answer.endpoint, c, LinkedDefectContainerSchema, `[${i}]`));
  const linked = containers.flatMap((c) => c.objects ?? []).find((o) => o.external_defect_id?.toUpperCase() === defect.key.toUpperCase() || o.pid?.toUpperCase() === defect.key.toUpperCase());
  // "System will ignore those objects that cannot be linked": an answer without the issue is a link qTest did not make.
  if (!linked) {
    throw new ConnectorError('UNEXPECTED_RESPONSE', `qTest answered the link of ${defect.key} to test log ${logId} without it: qTest did not link it`, { endpoint: answer.endpoint });
  }
  return { linkedTo: `test log ${logId}`, ...(linked.id != null ? { toolDefectId: String(linked.id) } : {}) };
}

/** Whether the credential may link defects to test logs in each project (its profile there). */
export async function checkDefectWrites(client: QtestClient, projectIds: string[], secrets: string[]): Promise<ConnectionCheck> {
  try {
    const refused: string[] = [];
    for (const pid of projectIds.slice(0, CHECKED_PROJECTS_MAX)) {
      const { json, endpoint } = await client.call({ method: 'GET', path: `${P}/user-profiles/current`, params: { projectId: pid } });
      const runs = readWhole(endpoint, json, UserProfileSchema).test_run;
      if (runs?.modify_test_logs_by_others !== true) refused.push(pid);
    }
    if (refused.length > 0) {
      return {
        ok: false,
        cause: 'MISSING_PERMISSION',
        message: `The qTest user may read but not write defects: in project${refused.length > 1 ? 's' : ''} ${refused.join(', ')} its profile does not allow editing test logs executed by others, which linking a defect to a test log does.`,
        fix: 'In qTest, give this user a profile with Test Run → "Modify test logs executed by others" in the mapped projects, or turn off "Write defects to qTest".',
      };
    }
    const n = Math.min(projectIds.length, CHECKED_PROJECTS_MAX);
    return { ok: true, cause: 'OK', message: `The qTest user may link defects to test logs (${n} project${n === 1 ? '' : 's'} checked).` };
  } catch (e) {
    const error = checkError(e, 'qTest', secrets);
    return { ok: false, cause: error.code, message: `Whether the qTest user may write defects could not be read: ${error.message}`, fix: 'Test the connection again; if it keeps failing, turn off "Write defects to qTest".' };
  }
}
