/**
 * The qTest Manager connector: implements the Connector port over qTest API v3 with a FetchLike.
 *
 * Requests per read (every list is read to its end; see queries.ts for the endpoints):
 * - readTestCases page: 1 search (steps appended) + 1 linked-artifacts call per 200 cases; on the first page also
 *   the module tree and the requirement catalogue (1 search per 999 requirements).
 * - readRuns page: 1 search of runs + 1 search of their test logs per 200 runs (and per 999 logs); on the first
 *   page also the cycle tree (1 call per 999 top-level cycles); the project's users once, when a log names a tester,
 *   and the execution statuses once, when a log names its status by id only (logs.ts).
 * - listTestCaseIds page: 1 search of test cases with fields=["id"], 999 ids per request.
 * Rows that cannot be read are returned in `Page.unreadable` (endpoint, field, why); the rest of the page is kept.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus, UnreadableRecord } from '../../domain/model';
import { packCursor, unpackCursor } from '../cursor';
import { transportOptions, type TransportOptions } from '../http';
import { ConnectorError, type ConnectionCheck, type Connector, type ReadOptions, type RunCache } from '../types';
import type { QtestAuthConfig } from './auth';
import { failedCheck, okCheck } from './check';
import { createQtestClient, type QtestClient } from './client';
import { runHistory, type LogReadMode } from './logs';
import { mapProject, mapStatus, mapTestCase, requirementKey, userName } from './mapping';
import {
  cycleTree,
  getTestCase,
  linkedRequirements,
  listProjects,
  listRequirements,
  listStatuses,
  MAX_PAGE_SIZE,
  moduleTree,
  modifiedSinceQuery,
  projectUsers,
  runsOfTestCase,
  searchTestCaseIds,
  searchTestCases,
  searchTestRuns,
} from './queries';
import type { QtestTestCase } from './records';
import { cycleNames, modulePaths } from './trees';

export type { QtestAuthConfig } from './auth';

/** `budget` defaults to 50 requests per 10 s. */
export interface QtestConnectorOptions extends TransportOptions {
  /** `https://<site>.qtestnet.com` */
  baseUrl: string;
  auth: QtestAuthConfig;
  /** Records per page of every paged list; qTest's maximum (999) unless set lower. */
  pageSize?: number;
  /** Where lookups are kept for the rest of a sync run, across its invocations (see RunCache). */
  runCache?: RunCache;
}

/** What a project's supporting lists hold, and the rows of them that could not be read when they were last read. */
interface Cached<T> {
  value: T;
  unreadable: UnreadableRecord[];
}

interface ProjectCache {
  modules?: Cached<Map<number, string>>;
  cycles?: Cached<Map<string, string>>;
  /** Requirement id → Jira key. */
  requirements?: Cached<Map<number, string>>;
  users?: Promise<Map<number, string>>;
  statuses?: Promise<Map<number, string>>;
}

/** The opaque cursor: page to read next and the Data Query's time bound, frozen at the first page. */
export interface Cursor {
  page: number;
  since?: string;
}

export function encodeCursor(c: Cursor): string {
  return packCursor({ p: c.page, s: c.since ?? null });
}

export function decodeCursor(cursor: string): Cursor {
  return unpackCursor(cursor, 'qTest', (j: { p?: unknown; s?: unknown }) => {
    if (typeof j.p !== 'number' || !Number.isInteger(j.p) || j.p < 1) throw new Error('bad page');
    return { page: j.p, since: typeof j.s === 'string' ? j.s : undefined };
  });
}

const withUnreadable = <T>(page: Page<T>, unreadable: UnreadableRecord[]): Page<T> => (unreadable.length ? { ...page, unreadable } : page);

export function createQtestConnector(opts: QtestConnectorOptions): Connector {
  const secrets = opts.auth.kind === 'token' ? [opts.auth.token.trim()] : [opts.auth.password];
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? MAX_PAGE_SIZE));
  const mode: LogReadMode = { searchByRun: true };
  let client: QtestClient | undefined;
  const getClient = () => (client ??= createQtestClient({ baseUrl: opts.baseUrl, auth: opts.auth, ...transportOptions(opts) }));
  const caches = new Map<string, ProjectCache>();
  const cacheOf = (pid: string) => {
    let c = caches.get(pid);
    if (!c) caches.set(pid, (c = {}));
    return c;
  };

  /** A supporting list, read again when `refresh`; its unreadable rows are reported only when it was read. */
  async function cached<K extends 'modules' | 'cycles' | 'requirements'>(
    pid: string,
    key: K,
    refresh: boolean,
    read: () => Promise<NonNullable<ProjectCache[K]>>,
  ): Promise<{ value: NonNullable<ProjectCache[K]>['value']; unreadable: UnreadableRecord[] }> {
    const c = cacheOf(pid);
    if (!refresh && c[key]) return { value: c[key]!.value, unreadable: [] };
    const fresh = await read();
    c[key] = fresh;
    return fresh;
  }

  const modules = (pid: string, refresh: boolean) =>
    cached(pid, 'modules', refresh, async () => {
      const tree = await moduleTree(getClient(), pid);
      const { paths, unreadable } = modulePaths(tree.endpoint, tree.rows);
      return { value: paths, unreadable };
    });
  const cycles = (pid: string, refresh: boolean) =>
    cached(pid, 'cycles', refresh, async () => {
      const tree = await cycleTree(getClient(), pid, pageSize);
      const { names, unreadable } = cycleNames(tree.endpoint, tree.rows);
      return { value: names, unreadable };
    });
  const requirements = (pid: string, refresh: boolean) =>
    cached(pid, 'requirements', refresh, async () => {
      const rows = await listRequirements(getClient(), pid, pageSize);
      const keys = new Map<number, string>();
      for (const r of rows.items) {
        const key = requirementKey(r);
        if (key) keys.set(r.id, key);
      }
      return { value: keys, unreadable: rows.unreadable };
    });

  const lookups = (pid: string) => ({
    statuses: () => (cacheOf(pid).statuses ??= listStatuses(getClient(), pid).then((r) => new Map(r.items.map((s) => [s.id, s.name])))),
    // Without the right to list the project's members the testers are left out rather than failing the read.
    users: () =>
      (cacheOf(pid).users ??= projectUsers(getClient(), pid).then(
        (r) => new Map(r.items.flatMap((u) => (userName(u) ? [[u.id, userName(u)!] as const] : []))),
        (e: unknown) => {
          if (e instanceof ConnectorError && e.code === 'MISSING_PERMISSION') return new Map<number, string>();
          throw e;
        },
      )),
  });

  /** Maps a batch of cases with their requirement links (one linked-artifacts call per 200 cases). */
  async function mapCases(pid: string, cases: QtestTestCase[], refresh: boolean): Promise<{ items: TestCase[]; unreadable: UnreadableRecord[] }> {
    if (cases.length === 0) return { items: [], unreadable: [] };
    const c = getClient();
    const [mods, reqs, links] = await Promise.all([
      modules(pid, refresh),
      requirements(pid, refresh),
      linkedRequirements(c, pid, cases.map((tc) => tc.id)),
    ]);
    const keysByCase = new Map<number, string[]>();
    for (const l of links.items) {
      const keys = l.requirementIds.map((id) => reqs.value.get(id)).filter((k): k is string => k !== undefined);
      keysByCase.set(l.caseId, [...(keysByCase.get(l.caseId) ?? []), ...keys]);
    }
    const items = cases.map((tc) =>
      mapTestCase(tc, { projectId: pid, baseUrl: c.baseUrl, modules: mods.value, requirementKeys: keysByCase.get(tc.id) ?? [] }),
    );
    return { items, unreadable: [...mods.unreadable, ...reqs.unreadable, ...links.unreadable] };
  }

  const connector: Connector = {
    async checkConnection(): Promise<ConnectionCheck> {
      try {
        return okCheck(await connector.listProjects());
      } catch (e) {
        return failedCheck(e, opts.auth.kind, secrets);
      }
    },

    /** Projects the credential can see; a row without an id or name cannot be offered and is left out. */
    async listProjects(): Promise<ExternalProject[]> {
      const rows = await listProjects(getClient(), pageSize);
      return rows.items.map(mapProject).filter((p) => !p.archived);
    },

    async listStatuses(projectId: string): Promise<ToolStatus[]> {
      return (await listStatuses(getClient(), projectId)).items.map(mapStatus);
    },

    async readTestCases(projectId: string, ropts: ReadOptions): Promise<Page<TestCase>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { page: 1, since: ropts.modifiedSince };
      const res = await searchTestCases(getClient(), projectId, { since: cursor.since, page: cursor.page, pageSize });
      const mapped = await mapCases(projectId, res.rows.items, cursor.page === 1);
      const next = res.more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {};
      return withUnreadable({ items: mapped.items, ...next }, [...res.rows.unreadable, ...mapped.unreadable]);
    },

    /**
     * Every execution of the runs modified at or after `modifiedSince` (qTest filters server-side on the run's
     * last_modified_date, which a submitted test log bumps), one TestRun per test log (logs.ts).
     */
    async readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { page: 1, since: ropts.modifiedSince };
      const c = getClient();
      const res = await searchTestRuns(c, projectId, { query: modifiedSinceQuery(cursor.since), page: cursor.page, pageSize });
      const names = await cycles(projectId, cursor.page === 1);
      const history = await runHistory(c, projectId, res.rows.items, { pageSize, cycles: names.value, lookups: lookups(projectId), mode });
      const next = res.more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {};
      return withUnreadable({ items: history.items, ...next }, [...res.rows.unreadable, ...names.unreadable, ...history.unreadable]);
    },

    async listTestCaseIds(projectId: string, lopts: { cursor?: string }): Promise<Page<string>> {
      const page = lopts.cursor ? decodeCursor(lopts.cursor).page : 1;
      const res = await searchTestCaseIds(getClient(), projectId, { page, pageSize: MAX_PAGE_SIZE });
      const next = res.more ? { next: encodeCursor({ page: page + 1 }) } : {};
      return withUnreadable({ items: res.rows.items.map((i) => String(i.id)), ...next }, res.rows.unreadable);
    },

    async readTestCase(projectId: string, externalId: string) {
      const c = getClient();
      const tc = await getTestCase(c, projectId, externalId);
      if (!tc) return null;
      const [mapped, runs, names] = await Promise.all([
        mapCases(projectId, [tc], false),
        runsOfTestCase(c, projectId, tc.id, pageSize),
        cycles(projectId, false),
      ]);
      const history = await runHistory(c, projectId, runs.items, { pageSize, cycles: names.value, lookups: lookups(projectId), mode });
      return { testCase: mapped.items[0], runs: history.items };
    },
  };
  return connector;
}
