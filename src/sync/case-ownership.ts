/**
 * Which Jira issues the sync may write to. It trusts only its own storage: an issue found by its property is
 * adopted only when the app created it, in the mapped project, for that very case; an Xray test is annotated
 * only when it is a Test issue of the mapped Xray project on this site.
 */
import type { TestCase } from '../domain/model';
import type { FoundIssue } from '../jira/issues';
import type { SyncContext } from './context';
import { SyncItemError } from './failure-causes';

/** The issue type Xray gives its tests. */
const XRAY_TEST_TYPE = 'Test';

/**
 * The one issue among those found that the app may adopt for a case, or undefined. Issues that carry the
 * case's source key but fail the checks are reported in the run's warnings and left alone.
 */
export async function adoptable(ctx: SyncContext, sourceKey: string, tc: TestCase, found: FoundIssue[]): Promise<FoundIssue | undefined> {
  if (found.length === 0) return undefined;
  const app = await ctx.appAccountId();
  const owned = found.filter(
    (f) =>
      f.creatorAccountId === app &&
      f.projectKey === ctx.mapping.jiraProjectKey &&
      (f.property as { sourceKey?: unknown }).sourceKey === sourceKey,
  );
  for (const f of found.filter((x) => !owned.includes(x))) {
    ctx.run.warnings.push(`${f.key} carries TestSync's property for ${tc.displayId} but was not created by TestSync in ${ctx.mapping.jiraProjectKey}; it is left alone.`);
  }
  // Two issues the app created for one case can only come from an earlier duplicate: keep the oldest.
  return owned.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id))[0];
}

/**
 * Checks that the Jira issues Xray reports for these tests are Test issues of the mapped Xray project on this
 * site. Answers the keys that may be annotated; the others are answered with the reason.
 */
export async function verifyXrayIssues(ctx: SyncContext, cases: TestCase[]): Promise<{ ok: Set<string>; refused: Map<string, SyncItemError> }> {
  const ok = new Set<string>();
  const refused = new Map<string, SyncItemError>();
  const keys = cases.map((tc) => tc.jiraIssue!.key);
  const facts = keys.length > 0 ? await ctx.jira.issueFacts(keys) : new Map();
  const fix = 'Check that Xray is installed on this Jira site; if it is on another site, edit the connection and clear "Xray is installed on this Jira site".';
  for (const tc of cases) {
    const issue = tc.jiraIssue!;
    const f = facts.get(issue.key);
    if (!f) refused.set(tc.externalId, new SyncItemError(`Xray names ${issue.key} for ${tc.displayId}, but this Jira site has no such issue the app can see.`, fix));
    else if (f.id !== issue.id) refused.set(tc.externalId, new SyncItemError(`Xray names ${issue.key} (id ${issue.id}) for ${tc.displayId}, but ${issue.key} on this site is another issue (id ${f.id}).`, fix));
    else if (f.projectId !== ctx.mapping.externalProjectId) refused.set(tc.externalId, new SyncItemError(`${issue.key} is not in the mapped Xray project; it is left alone.`, fix));
    else if (f.issueType !== XRAY_TEST_TYPE) refused.set(tc.externalId, new SyncItemError(`${issue.key} is a ${f.issueType ?? 'non-Test'} issue, not an Xray Test; it is left alone.`, fix));
    else ok.add(tc.externalId);
  }
  return { ok, refused };
}
