/**
 * Bugs from failed tests on the issue panel. `bugDraft` answers what Jira's own create dialog opens with (the
 * test's project's Bug type, a summary and a description of the failed run); once the dialog created the bug,
 * `recordBug` links it to the test and to the requirements the test covers and records it, so the test's panel and
 * its stories' panels list it. Everything is asked of Jira as the viewing user: their Create Issues and Link Issues
 * permissions in the test's project (checked again here, whatever the page showed), the bug they may see, the
 * requirements they may see, and the links, made in their name.
 *
 * When the test's connection writes defects, a test's panel lists with each bug whether it reached its run in the
 * tool (src/defects/tool-push.ts), and `retryBugPush` writes one the tool refused again, asked by a user with the same
 * rights as `recordBug`.
 */
import type Resolver from '@forge/resolver';
import { getConnection } from '../config/connections';
import { bugPrefill } from '../defects/prefill';
import { bugLinkType } from '../defects/link-setting';
import { bugRecordsOf, bugsOfRequirement, bugsOfTest, recordBug, type BugRecord } from '../defects/records';
import { readFailingStep } from '../defects/step-results';
import { parseSourceKey, pushDefectToTool, toolPushesOf, toolPushOf, type ToolPush } from '../defects/tool-push';
import { TOOL_LABELS } from '../domain/model';
import { latestResult, type ResultEntry } from '../domain/results';
import { JiraError } from '../jira/client';
import { bugIssueTypeOf, bugRightsIn, hasBugLink, issuesAsUser, linkBug, readIssueAsUser, siteLinkTypes, type BugIssue } from '../jira/bugs';
import { existingIssueKeys } from '../jira/issues';
import { browsableIssueIds } from '../jira/permissions';
import { log } from '../platform/log';
import { loadItems, ownerOf, type ItemRecord } from '../sync/item-index';
import {
  BugDraftInput,
  PANEL_BUGS_MAX,
  RecordBugInput,
  type ApiError,
  type BugDraft,
  type PanelBug,
  type PanelBugs,
  type RecordBugAnswer,
} from './contract';
import { RetryBugPushInput, type PanelBugPush, type PanelBugWithPush, type RetryBugPushAnswer } from './bug-push-contract';
import { ApiFailure, handled } from './guard';
import type { VisibleTest } from './panel-list';

/** A refusal the panel names: what the user lacks, or why there is no bug to create. */
export class BugProblem extends Error {
  constructor(
    readonly code:
      | 'CANNOT_CREATE_ISSUES'
      | 'CANNOT_LINK_ISSUES'
      | 'NO_BUG_TYPE'
      | 'NO_FAILED_RUN'
      | 'BUG_NOT_FOUND'
      | 'BUG_NOT_RECORDED'
      | 'WRITE_DEFECTS_OFF'
      | 'CONNECTION_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/** The project key of an issue key (`SHOP-12` → `SHOP`). */
export const projectKeyOf = (issueKey: string) => issueKey.slice(0, issueKey.lastIndexOf('-'));

interface SyncedTest {
  issue: BugIssue;
  projectKey: string;
  projectId: string;
  sourceKey: string;
  item: ItemRecord;
}

const isGone = (e: unknown) => e instanceof JiraError && (e.status === 404 || e.status === 403);

/** The synced test with this key, read as the user (Jira answers 404 when they may not browse it). */
async function syncedTest(issueKey: string): Promise<SyncedTest> {
  let issue: BugIssue;
  try {
    issue = await readIssueAsUser(issueKey);
  } catch (e) {
    if (isGone(e)) throw new ApiFailure('NOT_FOUND', 'This issue does not exist or you do not have permission to see it.');
    throw e;
  }
  const sourceKey = await ownerOf(issue.id);
  const item = sourceKey ? (await loadItems([sourceKey])).get(sourceKey) : undefined;
  if (!sourceKey || !item || item.issueId !== issue.id || !issue.fields.project) {
    throw new ApiFailure('NOT_FOUND', `${issue.key} is not a test synced by TestSync.`);
  }
  return { issue, projectKey: issue.fields.project.key, projectId: issue.fields.project.id, sourceKey, item };
}

/** Refuses a user who may not create and link issues in the project. */
async function requireBugRights(projectKey: string): Promise<void> {
  const rights = await bugRightsIn(projectKey);
  if (!rights.createIssues) {
    throw new BugProblem('CANNOT_CREATE_ISSUES', `You do not have permission to create issues in project ${projectKey}, so you cannot create a bug from its tests. Ask a Jira admin for the Create Issues permission.`);
  }
  if (!rights.linkIssues) {
    throw new BugProblem('CANNOT_LINK_ISSUES', `You do not have permission to link issues in project ${projectKey}, so a bug could not be linked to its test. Ask a Jira admin for the Link Issues permission.`);
  }
}

/** The run a bug is about: the one named (it must have failed), else the test's latest failed run. */
function failedRun(history: ResultEntry[], runId: string | undefined): ResultEntry {
  if (runId) {
    const run = history.find((h) => h.runId === runId);
    if (!run) throw new ApiFailure('NOT_FOUND', 'That run is no longer among the test’s recent runs; reload the panel to see them.');
    if (run.status !== 'FAIL') throw new ApiFailure('INVALID_INPUT', 'A bug is created from a failed run; that run did not fail.');
    return run;
  }
  const latest = latestResult(history);
  const run = latest?.status === 'FAIL' ? latest : [...history].reverse().find((h) => h.status === 'FAIL');
  if (!run) throw new BugProblem('NO_FAILED_RUN', 'None of this test’s recent runs failed, so there is no failure to report.');
  return run;
}

export async function bugDraft(contextIssueKey: string, raw: unknown): Promise<BugDraft> {
  const input = BugDraftInput.parse(raw ?? {});
  const test = await syncedTest(input.testIssueKey ?? contextIssueKey);
  await requireBugRights(test.projectKey);
  const type = await bugIssueTypeOf(test.projectId);
  if (!type) {
    throw new BugProblem('NO_BUG_TYPE', `Project ${test.projectKey} has no Bug issue type you can create, so no bug can be created from its tests. Ask a Jira admin to add the Bug type to the project.`);
  }
  const p = test.item.property;
  const run = failedRun(p.history, input.runId);
  // The failing step is read from the tool now (the sync keeps no step results); unread, the draft goes without it.
  const step = await readFailingStep(test.sourceKey, run.runId);
  const { summary, description } = bugPrefill({
    test: { issueKey: test.issue.key, tool: p.tool, displayId: p.displayId, name: p.name, url: p.url, steps: p.steps, stepsTruncated: p.stepsTruncated },
    run,
    ...(step.failedStep ? { failedStep: step.failedStep } : {}),
  });
  return {
    context: { projectId: test.projectId, issueTypeId: type.id, summary, description },
    projectKey: test.projectKey,
    issueTypeName: type.name,
    runId: run.runId,
    ...(step.note ? { stepNote: step.note } : {}),
  };
}

/** The bugs as the user sees them now (those they may not browse, or deleted, are left out), newest first. */
async function bugViews(entries: { bugIssueId: string; testIssueKey: string; createdAt: string }[]): Promise<PanelBug[]> {
  const unique = [...new Map(entries.map((e) => [e.bugIssueId, e])).values()].slice(0, PANEL_BUGS_MAX);
  if (unique.length === 0) return [];
  const issues = await issuesAsUser(unique.map((e) => e.bugIssueId));
  return unique.flatMap((e) => {
    const issue = issues.get(e.bugIssueId);
    if (!issue) return [];
    const category = issue.fields.status?.statusCategory?.key;
    return [
      {
        issueId: issue.id,
        key: issue.key,
        summary: issue.fields.summary ?? '',
        status: issue.fields.status?.name ?? '',
        ...(category ? { statusCategory: category } : {}),
        testIssueKey: e.testIssueKey,
        createdAt: e.createdAt,
      },
    ];
  });
}

/**
 * The bugs of a story: those recorded under it whose test the user may browse, each with how far it got into its tool
 * (read from its test's record), as the test's panel shows them.
 */
async function storyBugItems(requirementKey: string, browsableTests?: Set<string>): Promise<PanelBugWithPush[]> {
  const entries = await bugsOfRequirement(requirementKey);
  if (entries.length === 0) return [];
  const allowed = browsableTests ?? (await browsableIssueIds(entries.map((e) => e.testIssueId)));
  const shown = entries.filter((e) => allowed.has(e.testIssueId));
  // The writes are a detail of the list: records unreadable now, the bugs are listed without them (as pushesOf does).
  const records = bugRecordsOf(shown.slice(0, PANEL_BUGS_MAX)).catch((e: unknown) => {
    log.warn('panel-bug-pushes-unreadable', { phase: 'resolver' }, e);
    return [];
  });
  const [items, pushes] = await Promise.all([bugViews(shown), records.then(pushesOf)]);
  return withPushes(items, pushes);
}

/** What the panel says of a recorded push: nothing when the connection does not write defects. */
function pushView(push: ToolPush): PanelBugPush | undefined {
  if (push.state === 'not-enabled') return undefined;
  return {
    state: push.state,
    tool: push.tool,
    ...(push.linkedTo ? { linkedTo: push.linkedTo } : {}),
    ...(push.cause ? { cause: push.cause } : {}),
    ...(push.fix ? { fix: push.fix } : {}),
  };
}

/**
 * How far each bug got into its run in the tool, by bug id, for the bugs whose connection writes defects now (the
 * option off, or the connection gone: nothing is said; a bug the app never tried to write has no record). One
 * connection read per connection and batched reads of the records; unreadable now, the bugs are listed without it.
 */
async function pushesOf(records: BugRecord[]): Promise<Map<string, PanelBugPush>> {
  const out = new Map<string, PanelBugPush>();
  const sourced = records.flatMap((record) => {
    const source = parseSourceKey(record.sourceKey);
    return source ? [{ record, connectionId: source.connectionId }] : [];
  });
  if (sourced.length === 0) return out;
  try {
    const ids = [...new Set(sourced.map((s) => s.connectionId))];
    const writing = new Set((await Promise.all(ids.map(async (id) => ((await getConnection(id))?.settings.writeDefects ? [id] : [])))).flat());
    const asked = sourced.filter((s) => writing.has(s.connectionId));
    const pushes = await toolPushesOf(asked.map(({ record, connectionId }) => ({ connectionId, bugIssueId: record.bugIssueId, runId: record.runId })));
    asked.forEach(({ record }, i) => {
      const push = pushes[i];
      const view = push ? pushView(push) : undefined;
      if (view) out.set(record.bugIssueId, view);
    });
  } catch (e) {
    log.warn('panel-bug-pushes-unreadable', { phase: 'resolver' }, e);
  }
  return out;
}

const withPushes = (items: PanelBug[], pushes: Map<string, PanelBugPush>): PanelBugWithPush[] =>
  items.map((bug) => {
    const push = pushes.get(bug.issueId);
    return push ? { ...bug, toolPush: push } : bug;
  });

/** A test's bugs, each with how far it got into its tool when the connection writes defects. */
async function testBugItems(testIssueId: string): Promise<PanelBugWithPush[]> {
  const records = await bugsOfTest(testIssueId);
  const [items, pushes] = await Promise.all([bugViews(records), pushesOf(records.slice(0, PANEL_BUGS_MAX))]);
  return withPushes(items, pushes);
}

/** The bugs part of a view: on failure the tests are shown all the same, with why the bugs are not. */
async function orProblem(fn: () => Promise<PanelBugs>): Promise<PanelBugs> {
  try {
    return await fn();
  } catch (e) {
    log.warn('panel-bugs-unreadable', { phase: 'resolver' }, e);
    return { items: [], createIn: [], problem: `The bugs could not be read from Jira now (${e instanceof Error ? e.message : String(e)}).` };
  }
}

const mayCreateBugs = async (projectKey: string) => {
  const rights = await bugRightsIn(projectKey);
  return rights.createIssues && rights.linkIssues;
};

/** A synced test's bugs, and whether the viewer may create one. */
export function testBugs(testIssueKey: string, testIssueId: string): Promise<PanelBugs> {
  return orProblem(async () => {
    const projectKey = projectKeyOf(testIssueKey);
    const [items, may] = await Promise.all([testBugItems(testIssueId), mayCreateBugs(projectKey)]);
    return { items, createIn: may ? [projectKey] : [] };
  });
}

/** Projects asked about at most for one story (each is one permission request). */
const STORY_PROJECTS_MAX = 10;

/** A story's bugs (of the tests the viewer sees), and the projects of its failed tests the viewer may create bugs in. */
export function storyBugs(requirementKey: string, visible: VisibleTest[]): Promise<PanelBugs> {
  return orProblem(async () => {
    const failedProjects = [
      ...new Set(visible.filter((v) => v.item.property.history.some((h) => h.status === 'FAIL')).map((v) => projectKeyOf(v.item.issueKey))),
    ].slice(0, STORY_PROJECTS_MAX);
    const [items, allowed] = await Promise.all([
      storyBugItems(requirementKey, new Set(visible.map((v) => v.item.issueId))),
      Promise.all(failedProjects.map(async (key) => ((await mayCreateBugs(key)) ? [key] : []))),
    ]);
    return { items, createIn: allowed.flat() };
  });
}

/**
 * The synced test and the bug, for a user who may create and link issues in the test's project and may see the bug;
 * `outcome` says what was not done when the bug cannot be read ("so it was not linked").
 */
async function testAndBugAsUser(testIssueKey: string, bugIssueId: string, outcome: string) {
  const test = await syncedTest(testIssueKey);
  await requireBugRights(test.projectKey);
  let bug: BugIssue;
  try {
    bug = await readIssueAsUser(bugIssueId);
  } catch (e) {
    if (isGone(e)) throw new BugProblem('BUG_NOT_FOUND', `Issue ${bugIssueId} does not exist or you do not have permission to see it, so it was not ${outcome}.`);
    throw e;
  }
  return { test, bug };
}

export async function recordBugOf(contextIssueKey: string, accountId: string | undefined, raw: unknown): Promise<RecordBugAnswer> {
  const input = RecordBugInput.parse(raw ?? {});
  if (!accountId) throw new ApiFailure('FORBIDDEN', 'Sign in to Jira to create bugs.');
  const { test, bug } = await testAndBugAsUser(input.testIssueKey ?? contextIssueKey, input.bugIssueId, 'linked');
  const p = test.item.property;
  if (bug.id === test.issue.id || p.covers.includes(bug.key)) throw new ApiFailure('INVALID_INPUT', `${bug.key} is the test or one of its requirements, not a bug of it.`);
  const bugProject = bug.fields.project?.key;
  if (bugProject && bugProject !== test.projectKey && !(await bugRightsIn(bugProject)).linkIssues) {
    throw new BugProblem('CANNOT_LINK_ISSUES', `You do not have permission to link issues in project ${bugProject}, where ${bug.key} was created, so it could not be linked to its test.`);
  }
  const type = await bugLinkType(await siteLinkTypes());
  const visible = await existingIssueKeys(p.covers, 'user');
  const requirements = p.covers.filter((k) => visible.has(k)).sort();
  const linkedTo = [test.issue.key, ...requirements];
  for (const key of linkedTo) if (!hasBugLink(bug, type, key)) await linkBug(type, bug.key, key);
  const run = input.runId ? p.history.find((h) => h.runId === input.runId) : undefined;
  const record: BugRecord = {
    v: 1,
    bugIssueId: bug.id,
    bugKey: bug.key,
    testIssueId: test.issue.id,
    testIssueKey: test.issue.key,
    sourceKey: test.sourceKey,
    ...(input.runId ? { runId: input.runId } : {}),
    ...(run ? { run: { status: run.status, rawStatus: run.rawStatus, executedAt: run.executedAt, version: run.version, cycle: run.cycle, environment: run.environment } } : {}),
    requirementKeys: requirements,
    linkType: type.name,
    createdBy: accountId,
    createdAt: new Date().toISOString(),
  };
  const { record: stored, existed } = await recordBug(record);
  // Written back to the run in its tool when the connection writes defects; a refusal is answered, never thrown.
  const push = pushView(await pushDefectToTool(stored.sourceKey, stored.runId, { key: bug.key, id: bug.id }));
  const bugs = contextIssueKey === test.issue.key ? await testBugItems(test.issue.id) : await storyBugItems(contextIssueKey);
  const category = bug.fields.status?.statusCategory?.key;
  return {
    bug: {
      issueId: bug.id,
      key: bug.key,
      summary: bug.fields.summary ?? '',
      status: bug.fields.status?.name ?? '',
      ...(category ? { statusCategory: category } : {}),
      testIssueKey: test.issue.key,
      createdAt: stored.createdAt,
    },
    linkedTo,
    alreadyRecorded: existed,
    bugs,
    ...(push ? { toolPush: push } : {}),
  };
}

/**
 * Writes a recorded bug of the test to its run in the tool again, for a user who may create and link issues in the
 * test's project (as `recordBug` asks) and may see the bug. Refused when the bug is not recorded for the test, or the
 * connection does not write defects; a bug already written answers `pushed` and nothing is written again.
 */
export async function retryBugPushOf(contextIssueKey: string, accountId: string | undefined, raw: unknown): Promise<RetryBugPushAnswer> {
  const input = RetryBugPushInput.parse(raw ?? {});
  if (!accountId) throw new ApiFailure('FORBIDDEN', 'Sign in to Jira to write bugs to their tool.');
  const { test, bug } = await testAndBugAsUser(input.testIssueKey ?? contextIssueKey, input.bugIssueId, 'written to its tool');
  const bugProject = bug.fields.project?.key;
  if (bugProject && bugProject !== test.projectKey && !(await bugRightsIn(bugProject)).linkIssues) {
    throw new BugProblem('CANNOT_LINK_ISSUES', `You do not have permission to link issues in project ${bugProject}, where ${bug.key} was created, so it was not written to its tool.`);
  }
  const record = (await bugsOfTest(test.issue.id)).find((r) => r.bugIssueId === bug.id);
  if (!record) {
    throw new BugProblem('BUG_NOT_RECORDED', `The bug ${bug.key} is not recorded for the test ${test.issue.key}, so there is nothing to write to its tool. Create bugs of this test from its panel.`);
  }
  const source = parseSourceKey(record.sourceKey);
  if (!source) throw new ApiFailure('NOT_FOUND', `The record of ${bug.key} names no tool record the app can read, so it cannot be written to its tool.`);
  const label = TOOL_LABELS[source.tool];
  const connection = await getConnection(source.connectionId);
  if (!connection) {
    throw new BugProblem('CONNECTION_UNAVAILABLE', `The ${label} connection of ${test.issue.key} no longer exists, so ${bug.key} cannot be written to ${label}.`);
  }
  if (!connection.settings.writeDefects) {
    throw new BugProblem('WRITE_DEFECTS_OFF', `"Write defects to ${label}" is off for the connection ${connection.name}, so ${bug.key} is not written to ${label}. A Jira admin can turn it on in TestSync's settings.`);
  }
  const answer = (push: PanelBugPush): RetryBugPushAnswer => ({ bugIssueId: bug.id, bugKey: bug.key, toolPush: push });
  // Written already: nothing to do, whatever became of the connection since.
  const before = await toolPushOf(source.connectionId, bug.id, record.runId);
  if (before?.state === 'pushed') return answer(pushView(before)!);
  const push = await pushDefectToTool(record.sourceKey, record.runId, { key: bug.key, id: bug.id });
  const view = pushView(push);
  if (!view) throw new BugProblem('CONNECTION_UNAVAILABLE', `${bug.key} was not written to ${label}: ${push.cause ?? 'the connection does not write defects now'}.`);
  return answer(view);
}

/** `handled`, plus the refusals above answered with their own codes. */
function bugHandled<R>(fn: (payload: unknown, accountId: string | undefined, context: unknown) => Promise<R>) {
  return handled(async (payload: unknown, accountId, context): Promise<R | ApiError> => {
    try {
      return await fn(payload, accountId, context);
    } catch (e) {
      if (e instanceof BugProblem) return { error: { code: e.code, message: e.message } };
      throw e;
    }
  });
}

/** Adds `bugDraft`, `recordBug` and `retryBugPush` to the panel's resolver. */
export function defineBugResolvers(resolver: Resolver, issueKeyOf: (context: unknown) => string): void {
  resolver.define('bugDraft', bugHandled((payload, _a, context) => bugDraft(issueKeyOf(context), payload)));
  resolver.define('recordBug', bugHandled((payload, accountId, context) => recordBugOf(issueKeyOf(context), accountId, payload)));
  resolver.define('retryBugPush', bugHandled((payload, accountId, context) => retryBugPushOf(issueKeyOf(context), accountId, payload)));
}
