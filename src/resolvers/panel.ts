/**
 * The issue panel's backend. Reads what the sync stored in the app's own storage (no call to any tool on
 * open, and never an issue property, which any editor can change), and shows only what the viewing user may
 * browse, checked as that user in bulk (one permission check for all covering tests). "Refresh" re-syncs this one issue, throttled per issue and per user.
 */
import Resolver from '@forge/resolver';
import { fetch as forgeFetch, route } from '@forge/api';
import { z } from 'zod';
import { listConnections, getConnection, getSecret } from '../config/connections';
import { getMapping } from '../config/mappings';
import { createConnector } from '../connectors/registry';
import { storedRequestBudgets } from '../config/request-budgets';
import type { FetchLike } from '../connectors/types';
import { statusMappingOf } from '../config/status-mappings';
import { jira, JiraError } from '../jira/client';
import { existingIssueKeys } from '../jira/issues';
import type { LinkType } from '../jira/links';
import { kv } from '../platform/kv';
import { syncCasePage } from '../sync/case-page';
import type { SyncContext } from '../sync/context';
import { buildCoverage, coveringItems, panelTest, refreshCoverage } from '../sync/coverage';
import { browsableIssueIds } from '../jira/permissions';
import { flushDirty } from '../sync/dirty';
import { forgeJira } from '../sync/forge-ports';
import { loadItems, ownerOf, type ItemRecord } from '../sync/item-index';
import { syncRunPage } from '../sync/run-page';
import { newRunId, type RunRecord } from '../sync/run-store';
import type { PanelView } from './contract';
import { ApiFailure, handled } from './guard';

const PanelContext = z.object({
  extension: z.object({ issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) }) }),
});

const IssueAnswer = z.object({ id: z.string(), key: z.string() });

/** Reads the issue as the viewing user: Jira answers 404 when they may not browse it. */
async function readIssue(issueKey: string) {
  try {
    return IssueAnswer.parse(await jira(route`/rest/api/3/issue/${issueKey}?fields=summary`, { as: 'user' }));
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

export async function panelView(issueKey: string): Promise<PanelView> {
  const issue = await readIssue(issueKey);
  const owned = await ownedTest(issue.id);
  if (owned) {
    const p = owned.item.property;
    const visible = await existingIssueKeys(p.covers, 'user');
    return {
      kind: 'test',
      issueKey,
      test: { ...panelTest(owned.item), issueKey },
      steps: p.steps,
      runs: p.history.map((h) => ({ status: h.status, rawStatus: h.rawStatus, ...(h.executedAt ? { executedAt: h.executedAt } : {}), ...(h.cycle ? { cycle: h.cycle } : {}), ...(h.environment ? { environment: h.environment } : {}) })),
      flaky: p.flaky,
      covers: p.covers.filter((k) => visible.has(k)),
    };
  }
  const all = await coveringItems(issueKey);
  if (all.length > 0) {
    const visible = await browsableIssueIds(all.map((i) => i.issueId));
    const tests = all.filter((i) => visible.has(i.issueId)).map(panelTest);
    const coverage = buildCoverage(tests, new Date().toISOString());
    return {
      kind: 'requirement',
      issueKey,
      tests,
      hidden: all.length - tests.length,
      coverage: { total: coverage.total, byStatus: coverage.byStatus, computedAt: coverage.computedAt, how: coverage.how },
    };
  }
  if ((await listConnections()).length === 0) return { kind: 'not-configured' };
  return { kind: 'empty', issueKey };
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

/** Re-reads one synced test from its tool and writes it, or recomputes a requirement's coverage. */
export async function refreshIssue(issueKey: string, accountId?: string): Promise<PanelView> {
  const issue = await readIssue(issueKey);
  await throttleRefresh(issueKey, accountId);
  const owned = await ownedTest(issue.id);
  if (!owned) {
    await refreshCoverage(forgeJira, issueKey, new Date());
    return panelView(issueKey);
  }
  const p = owned.item.property;
  const connection = await getConnection(p.connectionId);
  const secret = connection?.connected ? await getSecret(p.connectionId) : undefined;
  const mapping = await getMapping(p.connectionId, p.projectId);
  if (!connection || !secret || !mapping) throw new ApiFailure('CONFLICT', 'The connection this test came from is no longer set up; ask a Jira admin to reconnect it.');
  const connector = createConnector(connection, secret, forgeFetch as unknown as FetchLike, { budgetStore: storedRequestBudgets });
  const found = await connector.readTestCase(p.projectId, p.externalId);
  if (!found) throw new ApiFailure('NOT_FOUND', `${p.displayId} no longer exists in the tool.`);
  const now = new Date();
  const run: RunRecord = {
    runId: newRunId(now), connectionId: connection.id, trigger: 'manual', dryRun: false, state: 'running', startedAt: now.toISOString(),
    counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 }, errors: [], warnings: [],
    cursor: { step: 0, mappingIndex: 0, phase: 'cases', mappings: [mapping.externalProjectId] },
  };
  let linkType: Promise<LinkType> | undefined;
  let appAccount: Promise<string> | undefined;
  const ctx: SyncContext = {
    run, connection, mapping, connector, statusMapping: await statusMappingOf(connection), jira: forgeJira,
    linkType: () => (linkType ??= forgeJira.testLinkType()), appAccountId: () => (appAccount ??= forgeJira.appAccountId()),
    now: () => new Date(), failedNow: new Set(),
  };
  await syncCasePage(ctx, [found.testCase]);
  await syncRunPage(ctx, found.runs);
  while (!(await flushDirty(ctx)) && run.errors.length === 0);
  // The requirements this test covered before and covers now show its new result.
  const after = (await loadItems([owned.sourceKey])).get(owned.sourceKey);
  for (const key of new Set([...p.covers, ...(after?.property.covers ?? [])])) await refreshCoverage(forgeJira, key, new Date());
  if (run.errors.length > 0) throw new Error(run.errors.map((e) => e.message).join('; '));
  return panelView(issueKey);
}

function issueKeyOf(context: unknown): string {
  const parsed = PanelContext.safeParse(context);
  if (!parsed.success) throw new ApiFailure('INVALID_INPUT', 'The panel was opened without an issue.');
  return parsed.data.extension.issue.key;
}

const resolver = new Resolver();
resolver.define('getPanel', handled((_p: unknown, _a, context) => panelView(issueKeyOf(context))));
resolver.define('refresh', handled((_p: unknown, accountId, context) => refreshIssue(issueKeyOf(context), accountId)));

export const panelHandler = resolver.getDefinitions();
