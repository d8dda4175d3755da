/**
 * The issue panel's backend. Reads what the sync stored in the app's own storage (no call to any tool on
 * open, and never an issue property, which any editor can change), and shows only what the viewing user may
 * browse, checked as that user in bulk (one permission check for all covering tests). A story's tests come a page
 * at a time in the panel's order (failing first) with true totals; every answer says how current the results
 * are (a connection whose last sync failed). "Refresh" re-syncs this one issue, throttled per issue and per user.
 */
import Resolver from '@forge/resolver';
import { fetch as forgeFetch, route } from '@forge/api';
import pLimit from 'p-limit';
import { z } from 'zod';
import { listConnections, getConnection, getSecret } from '../config/connections';
import { getMapping } from '../config/mappings';
import { createConnector } from '../connectors/registry';
import { storedRequestBudgets } from '../config/request-budgets';
import { ConnectorError, type FetchLike } from '../connectors/types';
import { statusMappingOf } from '../config/status-mappings';
import { versionMappingOf } from '../config/version-mappings';
import { jira, JiraError } from '../jira/client';
import { existingIssueKeys } from '../jira/issues';
import { visibleDefects } from '../defects/run-defects';
import { log } from '../platform/log';
import { defectFacts, linkedDefects } from '../jira/defects';
import { mergeDefects, type RequirementDefect } from '../domain/readiness';
import type { LinkType } from '../jira/links';
import { kv } from '../platform/kv';
import { syncCasePage } from '../sync/case-page';
import type { SyncContext } from '../sync/context';
import { buildCoverage, refreshCoverage } from '../sync/coverage';
import { browsableIssueIds } from '../jira/permissions';
import { flushItems } from '../sync/dirty';
import { forgeJira } from '../sync/forge-ports';
import { connectionOf, coveringSourceKeys, loadItems, ownerOf, type ItemRecord } from '../sync/item-index';
import { syncRunPage } from '../sync/run-page';
import { listRuns, newRunId, type RunRecord } from '../sync/run-store';
import { PanelInput, PanelTestsInput, type ApiError, type PanelFacets, type PanelFilter, type PanelTestsPage, type PanelView } from './contract';
import { TOOL_LABELS } from '../domain/model';
import { facetsOf, howCounted, pageOf, panelRow, readinessIn, toolDefectRefs, type VisibleTest } from './panel-list';
import { everSynced, syncStateOf } from './panel-sync';
import { ApiFailure, handled } from './guard';
import { defineBugResolvers, storyBugs, testBugs } from './panel-bugs';

/** Runs read for the sync state: the history keeps the newest 50 of every connection together. */
const RUNS_READ = 50;

const PanelContext = z.object({
  extension: z.object({ issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) }) }),
});

const IssueAnswer = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({ fixVersions: z.array(z.object({ name: z.string() })).nullish().catch(undefined), issuelinks: z.unknown() }).partial().nullish(),
});

/** Reads the issue as the viewing user: Jira answers 404 when they may not browse it. */
async function readIssue(issueKey: string) {
  try {
    return IssueAnswer.parse(await jira(route`/rest/api/3/issue/${issueKey}?fields=summary,fixVersions,issuelinks`, { as: 'user' }));
  } catch (e) {
    if (e instanceof JiraError && (e.status === 404 || e.status === 403)) {
      throw new ApiFailure('NOT_FOUND', 'This issue does not exist or you do not have permission to see it.');
    }
    throw e;
  }
}

/** The synced test this issue is, by the app's own records. */
async function ownedTest(issueId: string): Promise<{ sourceKey: string; item: ItemRecord } | undefined> {
  const sourceKey = await ownerOf(issueId);
  const item = sourceKey ? (await loadItems([sourceKey])).get(sourceKey) : undefined;
  return sourceKey && item && item.issueId === issueId ? { sourceKey, item } : undefined;
}

/** Item records read this many storage batches at a time: a story with 1,000 tests takes 50 batches, not 50 round trips. */
const PARALLEL_BATCHES = 6;
const BATCH = 20;

/** Every live synced test that covers the requirement, by the app's own records, read in parallel batches. */
async function coveringRecords(requirementKey: string): Promise<{ sourceKey: string; item: ItemRecord }[]> {
  const keys = await coveringSourceKeys(requirementKey);
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
  const limit = pLimit(PARALLEL_BATCHES);
  const maps = await Promise.all(batches.map((b) => limit(() => loadItems(b))));
  const out: { sourceKey: string; item: ItemRecord }[] = [];
  for (const map of maps) for (const [sourceKey, item] of map) if (!item.tombstone && item.property.covers.includes(requirementKey)) out.push({ sourceKey, item });
  return out;
}

/** The covering tests the viewing user may browse (one bulk permission check), and how many they may not. */
async function visibleTests(requirementKey: string): Promise<{ visible: VisibleTest[]; sourceKeys: string[]; hidden: number }> {
  const all = await coveringRecords(requirementKey);
  const browsable = all.length > 0 ? await browsableIssueIds(all.map((r) => r.item.issueId)) : new Set<string>();
  const shown = all.filter((r) => browsable.has(r.item.issueId));
  return { visible: shown.map((r) => ({ item: r.item, row: panelRow(r.item) })), sourceKeys: shown.map((r) => r.sourceKey), hidden: all.length - shown.length };
}

/**
 * The requirement's defects as the viewer may see them in the filter's context: those linked to it in Jira (from its
 * links, read with it, each checked with one bulk browse check, as the traceability page does) and those the tools
 * link to the latest runs there of the tests the viewer sees (one bulk read as the user, which answers only the
 * issues they may browse). Unreadable now, the requirement shows with its Jira links unchecked and without the tools'
 * defects, and says so.
 */
async function requirementDefects(issueKey: string, issuelinks: unknown, visible: VisibleTest[], filter: PanelFilter): Promise<{ defects: RequirementDefect[]; problem?: string }> {
  const linked = linkedDefects(issuelinks);
  const refs = toolDefectRefs(visible, filter);
  if (linked.length === 0 && refs.length === 0) return { defects: [] };
  const asLinked = (list: typeof linked) => list.map(({ id: _i, defect: _d, ...d }): RequirementDefect => ({ ...d, links: [{ in: 'jira' }] }));
  try {
    const [browsable, tools] = await Promise.all([
      linked.length > 0 ? browsableIssueIds(linked.map((d) => d.id)) : Promise.resolve(new Set<string>()),
      refs.length > 0 ? defectFacts(refs.map((r) => r.ref), 'user') : Promise.resolve(new Map<string, never>()),
    ]);
    const fromTools = refs.flatMap(({ ref, link }): RequirementDefect[] => {
      const d = tools.get(ref);
      return d && d.defect ? [{ key: d.key, summary: d.summary, status: d.status, open: d.open, links: [link] }] : [];
    });
    return { defects: mergeDefects([...asLinked(linked.filter((d) => browsable.has(d.id))), ...fromTools]) };
  } catch (e) {
    log.warn('panel-defects-unreadable', { issue: issueKey }, e);
    return { defects: mergeDefects(asLinked(linked)), ...(refs.length > 0 ? { problem: 'The defects the test tools link to its tests\' runs could not be read now.' } : {}) };
  }
}

/** The requirement's readiness in the filter's context, with its defects there. */
async function readinessWithDefects(issueKey: string, issuelinks: unknown, visible: VisibleTest[], filter: PanelFilter) {
  const { defects, problem } = await requirementDefects(issueKey, issuelinks, visible, filter);
  return readinessIn(visible, filter, defects, problem);
}

/** Whether anything was ever synced: a finished sync in the recent history, or any synced item at all. */
async function anythingSynced(runs: RunRecord[]): Promise<boolean> {
  return everSynced(runs) || (await kv().query('item:', { limit: 1 })).results.length > 0;
}

/**
 * The filter a story opens with when none is asked for: its fix version when its tests ran in it (the latest of
 * several), else the latest results.
 */
function openingFilter(fixVersions: string[], facets: PanelFacets): PanelFilter {
  const ran = new Set(facets.versions.map((v) => v.name));
  const version = [...fixVersions].reverse().find((v) => ran.has(v));
  return version ? { version } : {};
}

export async function panelView(issueKey: string, input: z.input<typeof PanelInput> = {}): Promise<PanelView> {
  const { filter: asked, limit } = PanelInput.parse(input);
  const issue = await readIssue(issueKey);
  const fixVersions = (issue.fields?.fixVersions ?? []).map((v) => v.name);
  const [owned, connections, runs] = await Promise.all([ownedTest(issue.id), listConnections(), listRuns(RUNS_READ)]);
  if (owned) {
    const p = owned.item.property;
    // The defects the tool links to the runs, as the viewer may see them; unreadable now, the runs show without them.
    const defectRefs = p.history.flatMap((h) => h.defects ?? []);
    const [visible, bugs, defects] = await Promise.all([
      existingIssueKeys(p.covers, 'user'),
      testBugs(issueKey, issue.id),
      visibleDefects(defectRefs).catch((e: unknown) => (log.warn('panel-defects-unreadable', { issue: issueKey }, e), new Map<string, string>())),
    ]);
    const runDefects = (refs: string[] = []) => [...new Set(refs.map((r) => defects.get(r)).filter((k): k is string => !!k))];
    return {
      kind: 'test',
      issueKey,
      test: { ...panelRow(owned.item), issueKey },
      steps: p.steps,
      runs: p.history.map((h) => ({ runId: h.runId, status: h.status, rawStatus: h.rawStatus, ...(h.executedAt ? { executedAt: h.executedAt } : {}), ...(h.version ? { version: h.version } : {}), ...(h.cycle ? { cycle: h.cycle } : {}), ...(h.environment ? { environment: h.environment } : {}), ...(runDefects(h.defects).length ? { defects: runDefects(h.defects) } : {}) })),
      flaky: p.flaky,
      covers: p.covers.filter((k) => visible.has(k)),
      sync: syncStateOf(connections, runs, new Set([p.connectionId])),
      bugs,
    };
  }
  const { visible, sourceKeys, hidden } = await visibleTests(issueKey);
  if (visible.length > 0 || hidden > 0) {
    const rows = visible.map((v) => v.row);
    const coverage = buildCoverage(rows, new Date().toISOString());
    const facets = facetsOf(visible);
    const filter = asked ?? openingFilter(fixVersions, facets);
    const { tests, ...page } = pageOf(visible, filter, 0, limit);
    const [readiness, bugs] = await Promise.all([readinessWithDefects(issueKey, issue.fields?.issuelinks, visible, filter), storyBugs(issueKey, visible)]);
    return {
      kind: 'requirement',
      issueKey,
      tests,
      page: { ...page, readiness },
      filter,
      fixVersions,
      hidden,
      coverage: { total: coverage.total, byStatus: coverage.byStatus, computedAt: coverage.computedAt, how: howCounted(rows) },
      facets,
      sync: syncStateOf(connections, runs, new Set(sourceKeys.map(connectionOf))),
      bugs,
    };
  }
  if (connections.length === 0) return { kind: 'not-configured' };
  const sync = syncStateOf(connections, runs);
  if (!(await anythingSynced(runs))) {
    return { kind: 'never-synced', issueKey, connections: connections.filter((c) => c.enabled).map((c) => ({ name: c.name, tool: c.tool })), sync };
  }
  return { kind: 'empty', issueKey, sync };
}

/** A page of a story's covering tests the viewer may browse. */
export async function panelTests(issueKey: string, input: unknown): Promise<PanelTestsPage> {
  const { filter, offset, limit } = PanelTestsInput.parse(input ?? {});
  const issue = await readIssue(issueKey);
  const { visible } = await visibleTests(issueKey);
  return { ...pageOf(visible, filter, offset, limit), readiness: await readinessWithDefects(issueKey, issue.fields?.issuelinks, visible, filter) };
}

/** Refreshes of one issue are at least this far apart; a user may refresh this many issues a minute. */
const ISSUE_REFRESH_SECONDS = 30;
const USER_REFRESHES_PER_MINUTE = 10;

async function throttleRefresh(issueKey: string, accountId: string | undefined): Promise<void> {
  if (!(await kv().set(`throttle:refresh:${issueKey}`, { at: new Date().toISOString() }, { ifAbsent: true, ttlSeconds: ISSUE_REFRESH_SECONDS }))) {
    throw new ApiFailure('CONFLICT', `This issue was refreshed less than ${ISSUE_REFRESH_SECONDS} seconds ago; its results are current. Try again shortly.`);
  }
  const minute = Math.floor(Date.now() / 60_000);
  const userKey = `throttle:user:${(accountId ?? 'anonymous').replace(/[^a-zA-Z0-9:._-]/g, '_')}:${minute}`;
  const count = Number((await kv().get(userKey)) ?? 0) + 1;
  await kv().set(userKey, count, { ttlSeconds: 120 });
  if (count > USER_REFRESHES_PER_MINUTE) {
    throw new ApiFailure('CONFLICT', `You refreshed ${USER_REFRESHES_PER_MINUTE} issues in the last minute; wait a minute before refreshing more.`);
  }
}

/**
 * A failure a tester can act on, with a code the panel reads to decide whether "Try again" can help: RECONNECT
 * (an admin must fix the connection), TOOL_BUSY and TOOL_UNAVAILABLE (later), SYNC_FAILED (the write to Jira).
 */
class PanelProblem extends Error {
  constructor(
    readonly code: 'RECONNECT' | 'TOOL_BUSY' | 'TOOL_UNAVAILABLE' | 'SYNC_FAILED',
    message: string,
  ) {
    super(message);
  }
}

const ADMIN_PLACE = 'in Jira settings → Apps → TestSync';

/** A tool's failure during a refresh, in words for whoever opened the panel. */
function refreshProblem(e: unknown, connectionName: string, tool: string): unknown {
  if (!(e instanceof ConnectorError)) return e;
  switch (e.code) {
    case 'RATE_LIMITED':
      return new PanelProblem('TOOL_BUSY', `${tool} is limiting requests right now${e.details.retryAfterSeconds ? `; try again in ${e.details.retryAfterSeconds} s` : '; try again in a minute'}.`);
    case 'NETWORK':
    case 'UNEXPECTED_RESPONSE':
      return new PanelProblem('TOOL_UNAVAILABLE', `${tool} did not answer as expected (${e.message}). Try again in a minute.`);
    default:
      return new PanelProblem('RECONNECT', `${tool} refused TestSync's connection ${connectionName}: ${/[.!?]$/.test(e.message) ? e.message : `${e.message}.`} Ask a Jira admin to reconnect ${connectionName} ${ADMIN_PLACE}.`);
  }
}

/** Re-reads one synced test from its tool and writes it, or recomputes a requirement's coverage. */
export async function refreshIssue(issueKey: string, accountId?: string, input: unknown = {}): Promise<PanelView> {
  const rows = PanelInput.parse(input ?? {});
  const issue = await readIssue(issueKey);
  await throttleRefresh(issueKey, accountId);
  const owned = await ownedTest(issue.id);
  if (!owned) {
    await refreshCoverage(forgeJira, issueKey, new Date());
    return panelView(issueKey, rows);
  }
  const p = owned.item.property;
  const connection = await getConnection(p.connectionId);
  const secret = connection?.connected ? await getSecret(p.connectionId) : undefined;
  const mapping = await getMapping(p.connectionId, p.projectId);
  const tool = TOOL_LABELS[p.tool];
  if (!connection || !secret || !mapping) {
    throw new PanelProblem('RECONNECT', `The ${tool} connection this test came from is no longer set up. Ask a Jira admin to reconnect ${tool} ${ADMIN_PLACE}.`);
  }
  const connector = createConnector(connection, secret, forgeFetch as unknown as FetchLike, { budgetStore: storedRequestBudgets });
  let found: Awaited<ReturnType<typeof connector.readTestCase>>;
  try {
    found = await connector.readTestCase(p.projectId, p.externalId);
  } catch (e) {
    throw refreshProblem(e, connection.name, tool);
  }
  if (!found) throw new ApiFailure('NOT_FOUND', `${p.displayId} no longer exists in ${tool}; the next sync marks it as deleted there.`);
  const now = new Date();
  const run: RunRecord = {
    runId: newRunId(now), connectionId: connection.id, trigger: 'manual', dryRun: false, state: 'running', startedAt: now.toISOString(),
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 }, errors: [], warnings: [],
    cursor: { step: 0, mappingIndex: 0, phase: 'cases', mappings: [mapping.externalProjectId] },
  };
  let linkType: Promise<LinkType> | undefined;
  let appAccount: Promise<string> | undefined;
  const ctx: SyncContext = {
    run, connection, mapping, connector, statusMapping: await statusMappingOf(connection),
    versionMapping: await versionMappingOf(connection.id), jira: forgeJira,
    linkType: () => (linkType ??= forgeJira.testLinkType()), appAccountId: () => (appAccount ??= forgeJira.appAccountId()),
    now: () => new Date(), failedNow: new Set(),
  };
  await syncCasePage(ctx, [found.testCase]);
  await syncRunPage(ctx, found.runs);
  // This test's property now; the connection's other dirty tests are the next sync's.
  await flushItems(ctx, [owned.sourceKey]);
  // The requirements this test covered before and covers now show its new result.
  const after = (await loadItems([owned.sourceKey])).get(owned.sourceKey);
  for (const key of new Set([...p.covers, ...(after?.property.covers ?? [])])) await refreshCoverage(forgeJira, key, new Date());
  if (run.errors.length > 0) {
    throw new PanelProblem('SYNC_FAILED', `${p.displayId} was read from ${tool} but could not be written to Jira: ${run.errors.map((e) => e.message).join('; ')}`);
  }
  return panelView(issueKey, rows);
}

function issueKeyOf(context: unknown): string {
  const parsed = PanelContext.safeParse(context);
  if (!parsed.success) throw new ApiFailure('INVALID_INPUT', 'The panel was opened without an issue.');
  return parsed.data.extension.issue.key;
}

/** `handled`, plus the panel's own problems answered with their codes. */
function panelHandled<R>(fn: (payload: unknown, accountId: string | undefined, context: unknown) => Promise<R>) {
  return handled(async (payload: unknown, accountId, context): Promise<R | ApiError> => {
    try {
      return await fn(payload, accountId, context);
    } catch (e) {
      if (e instanceof PanelProblem) return { error: { code: e.code, message: e.message } };
      throw e;
    }
  });
}

const resolver = new Resolver();
resolver.define('getPanel', panelHandled((payload, _a, context) => panelView(issueKeyOf(context), (payload ?? {}) as z.input<typeof PanelInput>)));
resolver.define('getTests', panelHandled((payload, _a, context) => panelTests(issueKeyOf(context), payload)));
resolver.define('refresh', panelHandled((payload, accountId, context) => refreshIssue(issueKeyOf(context), accountId, payload)));
defineBugResolvers(resolver, issueKeyOf);

export const panelHandler = resolver.getDefinitions();
