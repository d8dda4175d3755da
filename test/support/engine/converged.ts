/**
 * What "the sync converged" means, checked from outside the engine: one Jira issue per test case (never two),
 * each with the case's latest result; coverage on each requirement matching the tool; no write to an issue
 * the app does not own; every run ended; nothing left in the failure queue.
 */
import { FINISHED_STATES } from '../../../src/sync/run-store';
import { APP_ACCOUNT } from './fake-jira';
import type { World } from './world';
import { CONNECTION } from './world';

const LATEST: Record<string, string> = { Passed: 'PASS', Failed: 'FAIL' };

export async function convergenceProblems(w: World): Promise<string[]> {
  const problems: string[] = [];
  const byKey = w.jira.appIssuesBySourceKey();
  for (const [sk, issues] of byKey) if (issues.length > 1) problems.push(`${sk} has ${issues.length} issues: ${issues.map((i) => i.key).join(', ')}`);
  for (const tc of w.tool.cases.values()) {
    const sk = `qtest:${CONNECTION}:${tc.projectId}:${tc.externalId}`;
    const issue = byKey.get(sk)?.[0];
    if (!issue) {
      problems.push(`${tc.displayId} has no issue`);
      continue;
    }
    if (issue.fields.summary !== `${tc.displayId}: ${tc.name}`) problems.push(`${issue.key} summary is "${String(issue.fields.summary)}"`);
    const prop = w.jira.property(issue.id, 'testsync') as { status: string; covers: string[] };
    const runs = w.tool.runs.filter((r) => r.testCaseExternalId === tc.externalId);
    const expected = runs.length > 0 ? LATEST[runs[runs.length - 1].status] : 'NOT_RUN';
    if (prop.status !== expected) problems.push(`${issue.key} status ${prop.status}, expected ${expected}`);
    if (JSON.stringify(prop.covers) !== JSON.stringify([...tc.requirementKeys].sort())) problems.push(`${issue.key} covers ${prop.covers.join(',')}`);
    if (!w.jira.remoteLinks.get(issue.id)?.size) problems.push(`${issue.key} has no remote link`);
    for (const req of tc.requirementKeys) {
      if (!w.jira.links.some((l) => l.inward === issue.key && l.outward === req)) problems.push(`${issue.key} is not linked to ${req}`);
    }
  }
  // Coverage on each story: the tests the tool says cover it, and nothing else.
  for (const story of w.jira.issues.filter((i) => i.issueType === 'Story' && !i.deleted)) {
    const wanted = [...w.tool.cases.values()].filter((c) => c.requirementKeys.includes(story.key)).length;
    const cov = w.jira.property(story.key, 'testsync-coverage') as { total: number } | undefined;
    if ((cov?.total ?? 0) !== wanted) problems.push(`${story.key} coverage total ${cov?.total ?? 'unset'}, expected ${wanted}`);
  }
  const owned = new Set(w.jira.issues.filter((i) => i.creator === APP_ACCOUNT).flatMap((i) => [i.id, i.key]));
  for (const wr of w.jira.writeLog) {
    if (wr.issue && !owned.has(wr.issue) && wr.op !== 'property:testsync-coverage') problems.push(`wrote ${wr.op} to ${wr.issue}, which the app does not own`);
  }
  for (const run of await w.runs()) if (!(FINISHED_STATES as readonly string[]).includes(run.state)) problems.push(`run ${run.runId} is ${run.state}`);
  if (w.kv.keys('active:').length > 0) problems.push(`a run lock is still held: ${w.kv.keys('active:').join(', ')}`);
  if (w.kv.keys('failure:').length > 0) problems.push(`failed items left: ${w.kv.keys('failure:').join(', ')}`);
  return problems;
}
