/**
 * The qTest Manager connector: implements the Connector port over qTest API v3 with a FetchLike.
 *
 * Requests per read:
 * - readTestCases page: 1 search (steps appended) + 1 linked-artifacts call per 200 cases; on the first page
 *   also the module tree and the requirement catalogue (1 call + 1 per 999 requirements).
 * - readRuns page: 1 search (runs carry their latest test log); on the first page also the cycle tree.
 * - listTestCaseIds page: 1 search of test cases with fields=["id"], 999 ids per request.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus } from '../../domain/model';
import { transportOptions, type TransportOptions } from '../http';
import type { ConnectionCheck, Connector, ReadOptions } from '../types';
import type { QtestAuthConfig } from './auth';
import { failedCheck, okCheck } from './check';
import { createQtestClient, type QtestClient } from './client';
import { cycleNames, mapProject, mapStatus, mapTestCase, mapTestRun, modulePaths, requirementKey } from './mapping';
import {
  decodeCursor,
  encodeCursor,
  getTestCase,
  linkedArtifacts,
  listCycles,
  listModules,
  listProjects,
  listRequirements,
  listStatuses,
  MAX_PAGE_SIZE,
  modifiedSinceQuery,
  runsOfTestCase,
  searchTestCaseIds,
  searchTestCases,
  searchTestRuns,
} from './queries';
import type { QtestTestCase } from './records';

export type { QtestAuthConfig } from './auth';

/** `budget` defaults to 50 requests per 10 s. */
export interface QtestConnectorOptions extends TransportOptions {
  /** `https://<site>.qtestnet.com` */
  baseUrl: string;
  auth: QtestAuthConfig;
  /** Records per search page; qTest's maximum (999) unless set lower. */
  pageSize?: number;
}

interface ProjectCache {
  modules?: Map<number, string>;
  cycles?: Map<string, string>;
  /** Requirement id → Jira key. */
  requirements?: Map<number, string>;
}

export function createQtestConnector(opts: QtestConnectorOptions): Connector {
  const secrets = opts.auth.kind === 'token' ? [opts.auth.token.trim()] : [opts.auth.password];
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? MAX_PAGE_SIZE));
  let client: QtestClient | undefined;
  const getClient = () => (client ??= createQtestClient({ baseUrl: opts.baseUrl, auth: opts.auth, ...transportOptions(opts) }));
  const caches = new Map<string, ProjectCache>();
  const cacheOf = (pid: string) => {
    let c = caches.get(pid);
    if (!c) caches.set(pid, (c = {}));
    return c;
  };

  async function modules(pid: string, refresh: boolean) {
    const c = cacheOf(pid);
    if (refresh || !c.modules) c.modules = modulePaths(await listModules(getClient(), pid));
    return c.modules;
  }
  async function cycles(pid: string, refresh: boolean) {
    const c = cacheOf(pid);
    if (refresh || !c.cycles) c.cycles = cycleNames(await listCycles(getClient(), pid));
    return c.cycles;
  }
  async function requirements(pid: string, refresh: boolean) {
    const c = cacheOf(pid);
    if (refresh || !c.requirements) {
      const keys = new Map<number, string>();
      for (const r of await listRequirements(getClient(), pid)) {
        const key = requirementKey(r);
        if (key) keys.set(r.id, key);
      }
      c.requirements = keys;
    }
    return c.requirements;
  }

  /** Maps a batch of cases with their requirement links (one linked-artifacts call per 200 cases). */
  async function mapCases(pid: string, cases: QtestTestCase[], refresh: boolean): Promise<TestCase[]> {
    if (cases.length === 0) return [];
    const c = getClient();
    const [mods, reqs, links] = await Promise.all([
      modules(pid, refresh),
      requirements(pid, refresh),
      linkedArtifacts(c, pid, cases.map((tc) => tc.id)),
    ]);
    const keysByCase = new Map<number, string[]>();
    for (const l of links) {
      const keys = l.objects.map((o) => reqs.get(o.id)).filter((k): k is string => k !== undefined);
      keysByCase.set(l.id, [...(keysByCase.get(l.id) ?? []), ...keys]);
    }
    return cases.map((tc) =>
      mapTestCase(tc, { projectId: pid, baseUrl: c.baseUrl, modules: mods, requirementKeys: keysByCase.get(tc.id) ?? [] }),
    );
  }

  const connector: Connector = {
    async checkConnection(): Promise<ConnectionCheck> {
      try {
        return okCheck(await connector.listProjects());
      } catch (e) {
        return failedCheck(e, opts.auth.kind, secrets);
      }
    },

    async listProjects(): Promise<ExternalProject[]> {
      const projects = await listProjects(getClient());
      return projects.map(mapProject).filter((p) => !p.archived);
    },

    async listStatuses(projectId: string): Promise<ToolStatus[]> {
      return (await listStatuses(getClient(), projectId)).map(mapStatus);
    },

    async readTestCases(projectId: string, ropts: ReadOptions): Promise<Page<TestCase>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { page: 1, since: ropts.modifiedSince };
      const res = await searchTestCases(getClient(), projectId, {
        query: modifiedSinceQuery(cursor.since),
        page: cursor.page,
        pageSize,
      });
      const items = await mapCases(projectId, res.items, cursor.page === 1);
      const more = res.items.length > 0 && cursor.page * pageSize < res.total;
      return { items, ...(more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {}) };
    },

    /**
     * Runs modified at or after `modifiedSince`: qTest filters server-side (Data Query `'Last Modified Date' >= …` on
     * test-runs, the run's last_modified_date, which a submitted test log bumps), so only changed runs travel.
     */
    async readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { page: 1, since: ropts.modifiedSince };
      const c = getClient();
      const res = await searchTestRuns(c, projectId, { query: modifiedSinceQuery(cursor.since), page: cursor.page, pageSize });
      const names = await cycles(projectId, cursor.page === 1);
      const items = res.items
        .map((r) => mapTestRun(r, { projectId, baseUrl: c.baseUrl, cycles: names }))
        .filter((r): r is TestRun => r !== null);
      const more = res.items.length > 0 && cursor.page * pageSize < res.total;
      return { items, ...(more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {}) };
    },

    async listTestCaseIds(projectId: string, lopts: { cursor?: string }): Promise<Page<string>> {
      const page = lopts.cursor ? decodeCursor(lopts.cursor).page : 1;
      const res = await searchTestCaseIds(getClient(), projectId, { page, pageSize: MAX_PAGE_SIZE });
      const more = res.items.length > 0 && page * MAX_PAGE_SIZE < res.total;
      return { items: res.items.map((i) => String(i.id)), ...(more ? { next: encodeCursor({ page: page + 1 }) } : {}) };
    },

    async readTestCase(projectId: string, externalId: string) {
      const c = getClient();
      const tc = await getTestCase(c, projectId, externalId);
      if (!tc) return null;
      const [[testCase], runs, names] = await Promise.all([
        mapCases(projectId, [tc], false),
        runsOfTestCase(c, projectId, tc.id, pageSize),
        cycles(projectId, false),
      ]);
      return {
        testCase,
        runs: runs
          .map((r) => mapTestRun(r, { projectId, baseUrl: c.baseUrl, cycles: names }))
          .filter((r): r is TestRun => r !== null),
      };
    },
  };
  return connector;
}
