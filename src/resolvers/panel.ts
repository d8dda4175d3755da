/**
 * The issue panel's backend: reads what the sync stored on the issue (no call to any tool on open), as the
 * viewing user so Jira's permissions apply; "refresh" re-syncs this one issue.
 */
import Resolver from '@forge/resolver';
import { fetch as forgeFetch, route } from '@forge/api';
import { z } from 'zod';
import { listConnections, getConnection, getSecret } from '../config/connections';
import { getMapping } from '../config/mappings';
import { createConnector } from '../connectors/registry';
import type { FetchLike } from '../connectors/types';
import { statusMappingOf } from '../config/status-mappings';
import { jira, JiraError } from '../jira/client';
import { pickTestLinkType, type LinkType } from '../jira/links';
import { COVERAGE_PROPERTY, TEST_PROPERTY } from '../jira/properties';
import { syncCasePage } from '../sync/case-page';
import type { SyncContext } from '../sync/context';
import { refreshCoverage, type CoverageProperty } from '../sync/coverage';
import { syncRunPage } from '../sync/run-page';
import { flushDirty } from '../sync/dirty';
import { newRunId, type RunRecord } from '../sync/run-store';
import { TestProperty } from '../sync/test-property';
import type { PanelView } from './contract';
import { ApiFailure, handled } from './guard';

const PanelContext = z.object({
  extension: z.object({ issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) }) }),
});

const IssueAnswer = z.object({
  key: z.string(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** Reads the issue as the viewing user: Jira answers 404 when they may not browse it. */
async function readIssue(issueKey: string) {
  try {
    return IssueAnswer.parse(
      await jira(route`/rest/api/3/issue/${issueKey}?fields=summary&properties=${TEST_PROPERTY},${COVERAGE_PROPERTY}`, { as: 'user' }),
    );
  } catch (e) {
    if (e instanceof JiraError && (e.status === 404 || e.status === 403)) {
      throw new ApiFailure('NOT_FOUND', 'This issue does not exist or you do not have permission to see it.');
    }
    throw e;
  }
}

export async function panelView(issueKey: string): Promise<PanelView> {
  const issue = await readIssue(issueKey);
  const test = TestProperty.safeParse(issue.properties?.[TEST_PROPERTY]);
  if (test.success) {
    const p = test.data;
    return {
      kind: 'test',
      issueKey,
      test: { issueKey, tool: p.tool, displayId: p.displayId, name: p.name, status: p.status, url: p.url, ...(p.lastRunAt ? { lastRunAt: p.lastRunAt } : {}), ...(p.cycle ? { cycle: p.cycle } : {}) },
      steps: p.steps,
      runs: p.history.map((h) => ({ status: h.status, rawStatus: h.rawStatus, ...(h.executedAt ? { executedAt: h.executedAt } : {}), ...(h.cycle ? { cycle: h.cycle } : {}), ...(h.environment ? { environment: h.environment } : {}) })),
      flaky: p.flaky,
      covers: p.covers,
    };
  }
  const coverage = issue.properties?.[COVERAGE_PROPERTY] as CoverageProperty | undefined;
  if (coverage && Array.isArray(coverage.tests) && coverage.total > 0) {
    return {
      kind: 'requirement',
      issueKey,
      tests: coverage.tests,
      coverage: { total: coverage.total, byStatus: coverage.byStatus, computedAt: coverage.computedAt, how: coverage.how },
    };
  }
  if ((await listConnections()).length === 0) return { kind: 'not-configured' };
  return { kind: 'empty', issueKey };
}

/** Re-reads one synced test from its tool and writes it, or recomputes a requirement's coverage. */
export async function refreshIssue(issueKey: string): Promise<PanelView> {
  const issue = await readIssue(issueKey);
  const test = TestProperty.safeParse(issue.properties?.[TEST_PROPERTY]);
  if (test.success) {
    const p = test.data;
    const connection = await getConnection(p.connectionId);
    const secret = connection?.connected ? await getSecret(p.connectionId) : undefined;
    const mapping = await getMapping(p.connectionId, p.projectId);
    if (!connection || !secret || !mapping) throw new ApiFailure('CONFLICT', 'The connection this test came from is no longer set up; ask a Jira admin to reconnect it.');
    const connector = createConnector(connection, secret, forgeFetch as unknown as FetchLike);
    const found = await connector.readTestCase(p.projectId, p.externalId);
    if (!found) throw new ApiFailure('NOT_FOUND', `${p.displayId} no longer exists in the tool.`);
    const now = new Date();
    const run: RunRecord = {
      runId: newRunId(now), connectionId: connection.id, trigger: 'manual', dryRun: false, state: 'running', startedAt: now.toISOString(),
      counts: { created: 0, updated: 0, unchanged: 0, linked: 0, failed: 0 }, errors: [], warnings: [],
      cursor: { step: 0, mappingIndex: 0, phase: 'cases', touched: [], mappings: [mapping.externalProjectId] },
    };
    let linkType: Promise<LinkType> | undefined;
    const ctx: SyncContext = { run, connection, mapping, connector, statusMapping: await statusMappingOf(connection), linkType: () => (linkType ??= pickTestLinkType()), now: () => new Date() };
    await syncCasePage(ctx, [found.testCase]);
    await syncRunPage(ctx, found.runs);
    while (!(await flushDirty(ctx))) {
      if (run.errors.length > 0) break;
    }
    for (const key of run.cursor.touched) await refreshCoverage(key, new Date());
    if (run.errors.length > 0) throw new Error(run.errors.map((e) => e.message).join('; '));
  } else {
    await refreshCoverage(issueKey, new Date());
  }
  return panelView(issueKey);
}

function issueKeyOf(context: unknown): string {
  const parsed = PanelContext.safeParse(context);
  if (!parsed.success) throw new ApiFailure('INVALID_INPUT', 'The panel was opened without an issue.');
  return parsed.data.extension.issue.key;
}

const resolver = new Resolver();
resolver.define('getPanel', handled((_p: unknown, _a, context) => panelView(issueKeyOf(context))));
resolver.define('refresh', handled((_p: unknown, _a, context) => refreshIssue(issueKeyOf(context))));

export const panelHandler = resolver.getDefinitions();
