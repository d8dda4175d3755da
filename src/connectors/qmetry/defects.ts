/**
 * Defects of QMetry runs, read and written. QMetry's issues are its own records; with its Jira integration a Jira
 * issue is one of them, created in JIRA (`createdSystem`) and keeping the Jira key as its entity key.
 *
 * Read: a test case run row of a suite run lists its issues (`defectCount`, `defects: [{ id, summary, status }]`, `id`
 * the issue's key, as SmartBear's client's own tests show them), so they cost no request. A row that gives only
 * `defectCount` has its issues read with POST /rest/execution/issue/list/forTCRun: one request for each such run
 * (runs without issues cost nothing), at most `concurrency` at once.
 *
 * Written: a Jira bug is linked to the test case run it was created from as the QMetry issue QMetry holds for it:
 * POST /rest/issues/list/viewColumns (the project's issue view, an `entityKeyId` filter) finds its issue id, then
 * PUT /rest/execution/link/issue `{ issueIds: [id], tcrId }` links it ("link existing QMetry issues ... by providing
 * their IDs"). An issue QMetry does not hold yet (its Jira integration has not imported it) cannot be linked: the
 * push says so and can be retried.
 *
 * Whether the key may write: QMetry shows no rights of a key. A role without the Issues module is refused the issue
 * list (403), which the check reads; a role that may read issues but not link them is told apart only by the link
 * itself (403), which the push records as its cause.
 */
import { z } from 'zod';
import type { UnreadableRecord } from '../../domain/model';
import { checkError } from '../check';
import { defectRefs, type DefectRefs } from '../defects';
import { ConnectorError, type ConnectionCheck, type DefectToLink, type LinkedDefect, type RunRef } from '../types';
import type { QmetryClient } from './client';
import { mapLimit, type ProjectLookups } from './context';
import { issuesByKey, issuesOfRun, linkIssuesToRun, P, post } from './queries';
import type { RunRow } from './records';

/** The issue list's envelope: all the check needs of it. */
const issuesAnswer = z.object({ data: z.array(z.unknown()) }).passthrough();

/** A run row and where it was read (its answer's endpoint and its position there). */
export interface LocatedRun {
  run: RunRow;
  endpoint: string;
  at: number;
}

/** A row's `defects` entry as a value to validate: its key (`entityKey`, else `id`), or the entry itself. */
const entryValue = (e: unknown): unknown => {
  if (e && typeof e === 'object') {
    const o = e as { entityKey?: unknown; id?: unknown };
    return typeof o.entityKey === 'string' ? o.entityKey : o.id;
  }
  return e;
};

/** The Jira issues linked to each run (by tcRunID), reading forTCRun for the rows that only count them. */
export async function defectsOfRuns(
  client: QmetryClient,
  projectKey: string,
  runs: readonly LocatedRun[],
  concurrency: number,
): Promise<{ byRun: Map<string, string[]>; unreadable: UnreadableRecord[] }> {
  const byRun = new Map<string, string[]>();
  const unreadable: UnreadableRecord[] = [];
  const keep = (tcRunID: string, read: DefectRefs) => {
    if (read.refs.length) byRun.set(tcRunID, read.refs);
    unreadable.push(...read.dropped);
  };
  const counted: LocatedRun[] = [];
  for (const f of runs) {
    const { run } = f;
    if (run.defects) {
      keep(run.tcRunID, defectRefs(run.defects.map(entryValue), ['key'], { externalId: run.tcRunID, endpoint: f.endpoint, field: `data[${f.at}].defects`, tool: 'QMetry' }));
    } else if ((run.defectCount ?? 0) > 0) {
      counted.push(f);
    }
  }
  await mapLimit(counted, concurrency, async ({ run }) => {
    const issues = await issuesOfRun(client, projectKey, run.tcRunID);
    unreadable.push(...issues.unreadable.map((u) => ({ ...u, externalId: run.tcRunID, message: `${u.message} (an issue linked to test case run ${run.tcRunID})` })));
    keep(
      run.tcRunID,
      defectRefs(
        issues.rows.map((i) => i.entityKey),
        ['key'],
        { externalId: run.tcRunID, endpoint: post(P.issuesOfRun), field: 'data', tool: 'QMetry', fieldOf: (i) => `data[${issues.positions[i]}].entityKey` },
      ),
    );
  });
  return { byRun, unreadable };
}

/** QMetry's issue id of a Jira issue, by its key; ConnectorError when QMetry holds none. */
async function issueIdOf(client: QmetryClient, lookups: ProjectLookups, projectKey: string, key: string): Promise<string> {
  const rows = await issuesByKey(client, projectKey, await lookups.view(projectKey, 'IS'), key);
  const issue = rows.rows.find((r) => r.entityKey.toUpperCase() === key.toUpperCase());
  if (!issue) {
    throw new ConnectorError(
      'PROJECT_NOT_FOUND',
      `QMetry holds no issue ${key} in project ${projectKey} yet: QMetry's Jira integration must import it (its Jira project must be integrated with the QMetry project) before it can be linked`,
      { endpoint: post(P.issues) },
    );
  }
  return issue.id;
}

export async function linkDefectToRun(client: QmetryClient, lookups: ProjectLookups, run: RunRef, defect: DefectToLink): Promise<LinkedDefect> {
  if (!/^\d+$/.test(run.runId)) throw new ConnectorError('UNEXPECTED_RESPONSE', `"${run.runId}" names no QMetry test case run`);
  const issueId = await issueIdOf(client, lookups, run.projectId, defect.key);
  try {
    await linkIssuesToRun(client, run.projectId, run.runId, [issueId]);
  } catch (e) {
    if (e instanceof ConnectorError && e.code === 'MISSING_PERMISSION') {
      throw new ConnectorError('MISSING_PERMISSION', `${defect.key} could not be linked to test case run ${run.runId}: the Open API key's role may not link issues (${e.message})`, e.details, { cause: e });
    }
    throw e;
  }
  return { linkedTo: `test case run ${run.runId}`, toolDefectId: issueId };
}

export async function checkDefectWrites(client: QmetryClient, lookups: ProjectLookups, projectKey: string, secrets: string[]): Promise<ConnectionCheck> {
  try {
    const viewId = await lookups.view(projectKey, 'IS');
    await client.post(P.issues, { viewId, start: 0, page: 1, limit: 1, filter: '[]', udfFilter: '[]', isJiraIntegated: false, isFilterSaveRequired: false }, issuesAnswer, projectKey);
    return {
      ok: true,
      cause: 'OK',
      message: `The QMetry Open API key may use project ${projectKey}'s issues. QMetry shows no finer rights: if its role may not link issues to runs, the first defect written says so.`,
    };
  } catch (e) {
    const error = checkError(e, 'QMetry', secrets);
    if (error.code === 'MISSING_PERMISSION' || error.details.field === 'latestViews.IS.viewId') {
      return {
        ok: false,
        cause: 'MISSING_PERMISSION',
        message: `The QMetry Open API key may read but not write defects: its role has no access to project ${projectKey}'s Issues module (${error.message}).`,
        fix: 'In QMetry, give the key\'s user a role with the Issues module (view and link) in this project, or turn off "Write defects to QMetry".',
      };
    }
    return { ok: false, cause: error.code, message: `Whether the QMetry Open API key may write defects could not be read: ${error.message}`, fix: 'Test the connection again; if it keeps failing, turn off "Write defects to QMetry".' };
  }
}
