/**
 * Defects written back to Xray Cloud: a Jira bug added to the Test Run it was created from with the mutation
 * `addDefectsToTestRun(id, issues)` ("the ids or keys of the defects"), which answers `addedDefects` ("Ids of the
 * added Defects") and `warnings`. The issue's id is sent when it is known (a key changes when an issue moves), else
 * its key. Xray's defects are Jira issues of the site Xray is installed on: with Xray on another site, a bug of this
 * site cannot be one.
 *
 * Whether the API key may write: Xray documents no query of a key's rights (a key acts as the Jira user it was
 * created for, with that user's project permissions). The check asks Xray to add no defect (an empty list) to one run
 * of each project (at most CHECKED_PROJECTS_MAX): a write Xray refuses like any other when the user may not edit the
 * run, and which changes nothing when it may. A project without a run yet cannot be asked; the check says so.
 */
import { checkError } from '../check';
import { ConnectorError, type ConnectionCheck, type DefectToLink, type LinkedDefect, type RunRef } from '../types';
import type { XrayClient } from './client';
import { ADD_DEFECTS } from './documents';
import { executionIdsPage, runsPage } from './queries';
import { AddDefectsResultSchema } from './records';

export const CHECKED_PROJECTS_MAX = 5;

const NOT_HERE =
  "Xray is installed on another Jira site than this app (the connection's \"Xray is installed on this Jira site\" is off): a bug of this site cannot be a defect of its runs";

async function addDefects(client: XrayClient, runId: string, issues: string[]) {
  const res = await client.query(ADD_DEFECTS, { id: runId, issues }, AddDefectsResultSchema);
  const result = res.addDefectsToTestRun;
  return {
    added: (result?.addedDefects ?? []).filter((x): x is string => typeof x === 'string'),
    warnings: (result?.warnings ?? []).filter((x): x is string => typeof x === 'string' && x.trim() !== ''),
  };
}

export async function linkDefectToRun(client: XrayClient, opts: { sameSite?: boolean }, run: RunRef, defect: DefectToLink): Promise<LinkedDefect> {
  if (opts.sameSite === false) throw new ConnectorError('WRONG_REGION_OR_URL', `${defect.key} was not added to Xray's Test Run ${run.runId}: ${NOT_HERE}`);
  const ref = defect.id ?? defect.key;
  const { added, warnings } = await addDefects(client, run.runId, [ref]);
  const wanted = new Set([defect.id, defect.key].filter((x): x is string => !!x));
  // Xray answers the ids it added; when it added none, its warnings say why (an issue it does not find, one already there).
  if (added.some((a) => wanted.has(a)) || (added.length === 1 && !defect.id)) return { linkedTo: `Test Run ${run.runId}`, toolDefectId: added[0] };
  const already = warnings.find((w) => /already/i.test(w));
  if (already) return { linkedTo: `Test Run ${run.runId}` };
  const why = warnings.length ? warnings.join('; ').slice(0, 300) : 'Xray added no defect and gave no reason';
  throw new ConnectorError('UNEXPECTED_RESPONSE', `Xray did not add ${defect.key} to Test Run ${run.runId}: ${why}`);
}

/** One Test Run of a project, to ask the check's question of; undefined when the project has none. */
async function someRunOf(client: XrayClient, projectId: string): Promise<string | undefined> {
  const executions = await executionIdsPage(client, { projectId, start: 0, limit: 1 });
  if (executions.ids.length === 0) return undefined;
  const runs = await runsPage(client, { testExecIssueIds: executions.ids, start: 0, limit: 1 });
  return runs.items[0]?.id;
}

export async function checkDefectWrites(
  client: () => XrayClient,
  opts: { sameSite?: boolean; projectIds: string[]; resolveProject: (p: string) => Promise<string> },
  secrets: string[],
): Promise<ConnectionCheck> {
  if (opts.sameSite === false) {
    return { ok: false, cause: 'WRONG_REGION_OR_URL', message: `Defects cannot be written to Xray: ${NOT_HERE}.`, fix: 'Turn off "Write defects to Xray Cloud", or connect the Xray of this Jira site.' };
  }
  try {
    const refused: string[] = [];
    const unasked: string[] = [];
    const projects = opts.projectIds.slice(0, CHECKED_PROJECTS_MAX);
    for (const p of projects) {
      const run = await someRunOf(client(), await opts.resolveProject(p));
      if (!run) {
        unasked.push(p);
        continue;
      }
      try {
        await addDefects(client(), run, []);
      } catch (e) {
        if (e instanceof ConnectorError && e.code === 'MISSING_PERMISSION') refused.push(`${p} (${e.message})`);
        else throw e;
      }
    }
    if (refused.length > 0) {
      return {
        ok: false,
        cause: 'MISSING_PERMISSION',
        message: `The Xray API key may read but not write defects: Xray refused to edit a Test Run of project ${refused.join(', ')}.`,
        fix: "Create the API key for a Jira user who may edit the Test Executions of the mapped projects (Xray's Test Run permissions follow Jira's project permissions), or turn off \"Write defects to Xray Cloud\".",
      };
    }
    const asked = projects.length - unasked.length;
    const note = unasked.length ? ` Project${unasked.length > 1 ? 's' : ''} ${unasked.join(', ')} ha${unasked.length > 1 ? 've' : 's'} no Test Run to ask about yet.` : '';
    return { ok: true, cause: 'OK', message: `The Xray API key may add defects to Test Runs (${asked} project${asked === 1 ? '' : 's'} checked).${note}` };
  } catch (e) {
    const error = checkError(e, 'Xray', secrets);
    return { ok: false, cause: error.code, message: `Whether the Xray API key may write defects could not be read: ${error.message}`, fix: 'Test the connection again; if it keeps failing, turn off "Write defects to Xray Cloud".' };
  }
}
