/**
 * The Xray Cloud connector: implements the Connector port over Xray's GraphQL API (v2) with a FetchLike.
 *
 * Xray works per Jira project: project ids are Jira project ids (keys are resolved with getProjectSettings).
 * Tests are listed with getTests(projectId, modifiedSince, start, limit) rather than a JQL, since a JQL matching
 * more than 100 issues is refused. Requests per read:
 * - readTestCases page: 1 getTests (steps, preconditions, folder and the first 50 covered issues inline)
 *   + 1 per further 100 covered issues of a test the sync does not already hold (`ReadOptions.known`).
 * - readRuns (runs.ts): the project's Test Execution ids once per sync run (getTestExecutions, 100 a request; kept
 *   in the RunCache for later invocations) + 1 getTestRuns per page of runs of those executions since the time bound.
 * - listProjects: 1 getTests per 100 tests of the site, at most `projectScanPages`.
 * - listTestCaseIds page: 1 getTests asking only issueId, 100 ids per request (Xray's largest page).
 * - readTestCase: 1 getTest + 1 getTestRuns per 100 runs of the test (all of them, in any Test Execution).
 * A run's defects come with it (TestRun.defects). Writing one back (defect-writes.ts) is 1 addDefectsToTestRun.
 * A run's step results are read only on demand (step-results.ts): 1 getTestRunById.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus } from '../../domain/model';
import { transportOptions, type TransportOptions } from '../http';
import { ConnectorError, type ConnectionCheck, type ReadOptions, type RunCache, type ToolConnector } from '../types';
import { failedCheck, okCheck, regionProbe } from './check';
import { createXrayClient, type XrayClient, type XrayRegion } from './client';
import { COVERAGE_PER_TEST, MAX_LIMIT } from './documents';
import { mapStatus, mapTestCase, mapTestRun, projectsOf, runDefects } from './mapping';
import {
  decodeCursor,
  encodeCursor,
  modifiedSinceArg,
  moreCoverage,
  projectIdOf,
  runsPage,
  scanProjects,
  statuses,
  testById,
  testByKey,
  testIdsPage,
  testsPage,
} from './queries';
import type { XrayTest } from './records';
import { createRunReader, RUNS_ENDPOINT } from './runs';
import { checkDefectWrites, linkDefectToRun } from './defect-writes';
import { readXrayStepResults } from './step-results';

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
  /**
   * Xray is installed on the app's own Jira site: a bug of this site can be a defect of its runs. Undefined: not
   * said (defects are written all the same).
   */
  sameSite?: boolean;
}

/** The run cache's name for the token. */
const TOKEN_KEY = 'xray-token';

export function createXrayConnector(opts: XrayConnectorOptions): ToolConnector {
  const pageSize = Math.min(MAX_LIMIT, Math.max(1, Math.floor(opts.pageSize ?? MAX_LIMIT)));
  const scanPages = Math.max(1, opts.projectScanPages ?? 10);
  const site = opts.jiraSiteUrl?.replace(/\/+$/, '');
  const cache = opts.runCache;
  // The token is kept for the run, so each continuation of a long sync does not authenticate again.
  const tokenStore =
    cache?.getSecret && cache.setSecret
      ? { get: () => cache.getSecret!(TOKEN_KEY), set: (value: unknown) => cache.setSecret!(TOKEN_KEY, value) }
      : undefined;
  let client: XrayClient | undefined;
  const getClient = () =>
    (client ??= createXrayClient({
      region: opts.region,
      baseUrl: opts.baseUrl,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      ...transportOptions(opts),
      ...(tokenStore ? { tokenStore } : {}),
    }));
  const secrets = () => [opts.clientSecret.trim(), opts.clientId.trim(), ...(client?.auth.secrets() ?? [])];

  const projectIds = new Map<string, string>();
  async function resolveProject(projectId: string): Promise<string> {
    if (/^\d+$/.test(projectId)) return projectId;
    let id = projectIds.get(projectId.toUpperCase());
    if (!id) projectIds.set(projectId.toUpperCase(), (id = await projectIdOf(getClient(), projectId)));
    return id;
  }

  /**
   * Maps tests, reading covered issues beyond the first COVERAGE_PER_TEST; tests `known` to the sync in this version
   * are left out before that read.
   */
  async function mapTests(projectId: string, tests: XrayTest[], known?: ReadOptions['known']): Promise<TestCase[]> {
    const out: TestCase[] = [];
    for (const t of tests) {
      const mapped = mapTestCase(t, { projectId, jiraSiteUrl: site });
      if (known?.(mapped.externalId, mapped.updatedAt)) continue;
      const got = t.coverableIssues?.results?.length ?? 0;
      if ((t.coverableIssues?.total ?? 0) <= got) {
        out.push(mapped);
        continue;
      }
      const more = await moreCoverage(getClient(), t.issueId, Math.max(got, COVERAGE_PER_TEST));
      out.push(mapTestCase(t, { projectId, jiraSiteUrl: site, extraCoverage: more }));
    }
    return out;
  }

  const readRunsPage = createRunReader({ client: getClient, pageSize, runCache: opts.runCache, jiraSiteUrl: site });

  const connector: ToolConnector = {
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
      const items = await mapTests(projectId, res.items, ropts.known);
      const nextStart = cursor.s + res.items.length;
      const more = res.items.length > 0 && nextStart < res.total;
      return { items, ...(more ? { next: encodeCursor({ s: nextStart, ...(cursor.m ? { m: cursor.m } : {}) }) } : {}) };
    },

    /**
     * Runs of the project's Test Executions modified at or after `modifiedSince` (runs.ts). Xray filters server-side
     * (getTestRuns' modifiedSince, on TestRun.lastModified), asked from a second earlier (runsModifiedSinceArg); the
     * connector then keeps the runs whose `updatedAt` is at or after the exact bound (the cursor carries it as `u`),
     * and leaves out those the sync already holds (`known`).
     */
    async readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      return readRunsPage(projectId, await resolveProject(projectId), ropts);
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
        runs.push(
          ...page.items
            .map((x, i) => mapTestRun(x, { projectId, jiraSiteUrl: site }, runDefects(x, RUNS_ENDPOINT, `getTestRuns.results[${i}]`).refs))
            .filter((x): x is TestRun => x !== null),
        );
        start += page.items.length;
        if (page.items.length === 0 || start >= page.total) break;
      }
      return { testCase, runs };
    },

    async checkDefectWrites(projectIds: string[]): Promise<ConnectionCheck> {
      return checkDefectWrites(getClient, { sameSite: opts.sameSite, projectIds, resolveProject }, secrets());
    },

    linkDefect: (run, defect) => linkDefectToRun(getClient(), { sameSite: opts.sameSite }, run, defect),
    readStepResults: (run) => readXrayStepResults(getClient(), run),
  };
  return connector;
}
