/**
 * The Xray Cloud connector: implements the Connector port over Xray's GraphQL API (v2) with a FetchLike.
 *
 * Xray works per Jira project: project ids are Jira project ids (keys are resolved with getProjectSettings).
 * Tests are listed with getTests(projectId, modifiedSince, start, limit) rather than a JQL, since a JQL matching
 * more than 100 issues is refused. Requests per read:
 * - readTestCases page: 1 getTests (steps, preconditions, folder and the first 50 covered issues inline)
 *   + 1 per further 100 covered issues of a test.
 * - readRuns page: 1 getTests (ids of up to `pageSize` tests) + 1 getTestRuns (their runs since the time bound).
 * - listProjects: 1 getTests per 100 tests of the site, at most `projectScanPages`.
 * - listTestCaseIds page: 1 getTests asking only issueId, 100 ids per request (Xray's largest page).
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus } from '../../domain/model';
import { transportOptions, type TransportOptions } from '../http';
import { ConnectorError, type ConnectionCheck, type Connector, type ReadOptions, type RunCache } from '../types';
import { failedCheck, okCheck, regionProbe } from './check';
import { createXrayClient, type XrayClient, type XrayRegion } from './client';
import { COVERAGE_PER_TEST, MAX_LIMIT } from './documents';
import { mapStatus, mapTestCase, mapTestRun, projectsOf } from './mapping';
import {
  decodeCursor,
  encodeCursor,
  modifiedSinceArg,
  moreCoverage,
  projectIdOf,
  runsModifiedSinceArg,
  runsPage,
  scanProjects,
  statuses,
  testById,
  testByKey,
  testIdsPage,
  testsPage,
} from './queries';
import type { XrayTest } from './records';

export type { XrayRegion } from './client';
export { XRAY_REGIONS, DEFAULT_BUDGET } from './client';

/** `budget` defaults to Xray Standard's 300 requests per 5 minutes. */
export interface XrayConnectorOptions extends TransportOptions {
  /** Xray's data-residency region; `global` (default) serves every region. */
  region?: XrayRegion;
  /** Overrides the region with one of Xray's base URLs. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Records per page (1..100, default 100). */
  pageSize?: number;
  /** Where lookups are kept for the rest of a sync run, across its invocations (see RunCache). */
  runCache?: RunCache;
  /** `https://<site>.atlassian.net`: the base of issue links; site-relative `/browse/KEY` links otherwise. */
  jiraSiteUrl?: string;
  /** Jira project ids or keys checkConnection must find (PROJECT_NOT_FOUND otherwise). */
  projects?: string[];
  /** Pages of 100 tests listProjects scans at most (default 10). */
  projectScanPages?: number;
}

export function createXrayConnector(opts: XrayConnectorOptions): Connector {
  const pageSize = Math.min(MAX_LIMIT, Math.max(1, Math.floor(opts.pageSize ?? MAX_LIMIT)));
  const scanPages = Math.max(1, opts.projectScanPages ?? 10);
  const site = opts.jiraSiteUrl?.replace(/\/+$/, '');
  let client: XrayClient | undefined;
  const getClient = () =>
    (client ??= createXrayClient({
      region: opts.region,
      baseUrl: opts.baseUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      ...transportOptions(opts),
    }));
  const secrets = () => [opts.clientSecret.trim(), opts.clientId.trim(), ...(client?.auth.secrets() ?? [])];

  const projectIds = new Map<string, string>();
  async function resolveProject(projectId: string): Promise<string> {
    if (/^\d+$/.test(projectId)) return projectId;
    let id = projectIds.get(projectId.toUpperCase());
    if (!id) projectIds.set(projectId.toUpperCase(), (id = await projectIdOf(getClient(), projectId)));
    return id;
  }

  async function mapTests(projectId: string, tests: XrayTest[]): Promise<TestCase[]> {
    const out: TestCase[] = [];
    for (const t of tests) {
      const got = t.coverableIssues?.results?.length ?? 0;
      const more =
        (t.coverableIssues?.total ?? 0) > got ? await moreCoverage(getClient(), t.issueId, Math.max(got, COVERAGE_PER_TEST)) : [];
      out.push(mapTestCase(t, { projectId, jiraSiteUrl: site, extraCoverage: more }));
    }
    return out;
  }

  const connector: Connector = {
    async checkConnection(): Promise<ConnectionCheck> {
      try {
        const projects = await connector.listProjects();
        for (const p of opts.projects ?? []) await resolveProject(p).then((id) => statuses(getClient(), id));
        return okCheck(projects, getClient().region);
      } catch (e) {
        let error = e;
        if (e instanceof ConnectorError && client) error = await regionProbe(client, e);
        return failedCheck(error, secrets());
      }
    },

    async listProjects(): Promise<ExternalProject[]> {
      const c = getClient();
      const seen: Parameters<typeof projectsOf>[0][number][] = [];
      for (let page = 0, start = 0; page < scanPages; page++) {
        const res = await scanProjects(c, start, MAX_LIMIT);
        seen.push(...res.items);
        start += res.items.length;
        if (res.items.length === 0 || start >= res.total) break;
      }
      return projectsOf(seen);
    },

    async listStatuses(projectId: string): Promise<ToolStatus[]> {
      return (await statuses(getClient(), await resolveProject(projectId))).map(mapStatus);
    },

    async readTestCases(projectId: string, ropts: ReadOptions): Promise<Page<TestCase>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { s: 0, m: modifiedSinceArg(ropts.modifiedSince) };
      const pid = await resolveProject(projectId);
      const res = await testsPage(getClient(), { projectId: pid, modifiedSince: cursor.m, start: cursor.s, limit: pageSize });
      const items = await mapTests(projectId, res.items);
      const nextStart = cursor.s + res.items.length;
      const more = res.items.length > 0 && nextStart < res.total;
      return { items, ...(more ? { next: encodeCursor({ s: nextStart, ...(cursor.m ? { m: cursor.m } : {}) }) } : {}) };
    },

    /**
     * Runs modified at or after `modifiedSince`. Xray filters server-side (getTestRuns' modifiedSince, on
     * TestRun.lastModified), asked from a second earlier (runsModifiedSinceArg); the connector then keeps the runs whose
     * `updatedAt` is at or after the exact bound (the cursor carries it as `u`).
     */
    async readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      const cursor = ropts.cursor
        ? decodeCursor(ropts.cursor)
        : { s: 0, r: 0, m: runsModifiedSinceArg(ropts.modifiedSince), u: ropts.modifiedSince };
      const c = getClient();
      const pid = await resolveProject(projectId);
      const tests = await testIdsPage(c, { projectId: pid, start: cursor.s, limit: pageSize });
      if (tests.ids.length === 0) return { items: [] };
      const r = cursor.r ?? 0;
      const runs = await runsPage(c, { testIssueIds: tests.ids, modifiedSince: cursor.m, start: r, limit: pageSize });
      const bound = cursor.u ? Date.parse(cursor.u) : undefined;
      const items = runs.items
        .map((x) => mapTestRun(x, { projectId, jiraSiteUrl: site }))
        .filter((x): x is TestRun => x !== null && (bound === undefined || !x.updatedAt || Date.parse(x.updatedAt) >= bound));
      const m = { ...(cursor.m ? { m: cursor.m } : {}), ...(cursor.u ? { u: cursor.u } : {}) };
      let next: string | undefined;
      if (runs.items.length > 0 && r + runs.items.length < runs.total) next = encodeCursor({ s: cursor.s, r: r + runs.items.length, ...m });
      else if (cursor.s + tests.ids.length < tests.total) next = encodeCursor({ s: cursor.s + tests.ids.length, r: 0, ...m });
      return { items, ...(next ? { next } : {}) };
    },

    async listTestCaseIds(projectId: string, lopts: { cursor?: string }): Promise<Page<string>> {
      const start = lopts.cursor ? decodeCursor(lopts.cursor).s : 0;
      const res = await testIdsPage(getClient(), { projectId: await resolveProject(projectId), start, limit: MAX_LIMIT });
      const end = start + res.ids.length;
      return { items: res.ids, ...(res.ids.length > 0 && end < res.total ? { next: encodeCursor({ s: end }) } : {}) };
    },

    async readTestCase(projectId: string, externalId: string) {
      const c = getClient();
      const pid = await resolveProject(projectId);
      const t = /^\d+$/.test(externalId) ? await testById(c, externalId) : await testByKey(c, externalId);
      if (!t || (t.projectId && t.projectId !== pid)) return null;
      const [testCase] = await mapTests(projectId, [t]);
      const runs: TestRun[] = [];
      for (let start = 0; ; ) {
        const page = await runsPage(c, { testIssueIds: [t.issueId], start, limit: MAX_LIMIT });
        runs.push(...page.items.map((x) => mapTestRun(x, { projectId, jiraSiteUrl: site })).filter((x): x is TestRun => x !== null));
        start += page.items.length;
        if (page.items.length === 0 || start >= page.total) break;
      }
      return { testCase, runs };
    },
  };
  return connector;
}
