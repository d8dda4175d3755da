/**
 * The qTest Manager connector: implements the Connector port over qTest API v3 with a FetchLike.
 *
 * Requests per read (every list is read to its end; see queries.ts for the endpoints):
 * - readTestCases page: 1 search (steps appended); then, for the cases the sync does not already hold (`known`),
 *   linked-artifacts calls of as many ids as fit an 8 KiB URL; the module tree when a case sits in a module and the
 *   requirement catalogue (1 search per 999 requirements) when a case links one.
 * - readRuns page: 1 search of runs; then, for the runs the sync does not already hold (logs.ts runKnown), their test
 *   logs, where runs sit when a run sits in a release, cycle or suite (places.ts: the root cycle tree, the releases
 *   and each release's cycle tree, 1 call per 999 cycles of each), the project's users when a log names a tester, the
 *   execution statuses when a log names its status by id only. The logs: on a first read of
 *   several pages, every log of the project, read ahead on its first page (1 search per 999 logs) and kept for the
 *   others; on any other read, 1 search naming every run of the page (1 more per 999 logs). A first sync of R runs
 *   with L logs thus reads R/999 + L/999 pages, rounded up, the cycle trees (1 + one per release), the releases and
 *   the users.
 * - listTestCaseIds page: 1 search of test cases with fields=["id"], 999 ids per request.
 * A run's defects come with its test logs (TestLogResource.defects): no request of their own. Writing one back
 * (defect-writes.ts) is 1 request, 2 for a run entry that names no test log.
 * A run's step results are read only on demand (step-results.ts): 1 request for a run's latest test log, 2 for an older
 * one (1 more when a step names its status by id alone).
 * A no-change incremental read, whose only rows are the ones synced at the checkpoint, is its one search.
 * Supporting lists (modules, requirements, where runs sit, users, statuses) and logs read ahead are read once per project and
 * kept, in the sync run's RunCache when there is one (lookups.ts), so a continuation does not read them again.
 * Rows that cannot be read are returned in `Page.unreadable` (endpoint, field, why); the rest of the page is kept.
 */
import type { ExternalProject, Page, TestCase, TestRun, ToolStatus, UnreadableRecord } from '../../domain/model';
import { packCursor, unpackCursor } from '../cursor';
import { transportOptions, type TransportOptions } from '../http';
import { ConnectorError, type ConnectionCheck, type ReadOptions, type RunCache, type ToolConnector } from '../types';
import type { QtestAuthConfig } from './auth';
import { failedCheck, okCheck } from './check';
import { checkDefectWrites, linkDefectToLog } from './defect-writes';
import { readQtestStepResults } from './step-results';
import { createQtestClient, type QtestClient } from './client';
import { keptLogs, readProjectLogs, refusedQuery, runHistory, runKnown, type HistoryLookups, type LogReadMode, type LogsByRun } from './logs';
import { createKeptCache, numberNames, placeNames, type Codec, type Kept } from './lookups';
import { caseUpdatedAt, mapProject, mapStatus, mapTestCase, requirementKey, userName } from './mapping';
import { readPlaces } from './places';
import {
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
import type { QtestTestCase, QtestTestRun } from './records';
import { modulePaths, type PlaceKey, type RunPlace } from './trees';

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

/** A supporting list not needed by a page. */
const none = <K, V = string>(): Kept<Map<K, V>> => ({ value: new Map(), unreadable: [] });

const withUnreadable = <T>(page: Page<T>, unreadable: UnreadableRecord[]): Page<T> => (unreadable.length ? { ...page, unreadable } : page);

export function createQtestConnector(opts: QtestConnectorOptions): ToolConnector {
  const secrets = opts.auth.kind === 'token' ? [opts.auth.token.trim()] : [opts.auth.password];
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? MAX_PAGE_SIZE));
  const mode: LogReadMode = { searchByRun: true };
  let client: QtestClient | undefined;
  const getClient = () => (client ??= createQtestClient({ baseUrl: opts.baseUrl, auth: opts.auth, ...transportOptions(opts) }));
  const kept = createKeptCache(opts.runCache);
  /** A supporting list of a project, read (when `read` is given and nothing is kept) and kept. */
  const list = <K, V, S>(pid: string, name: string, refresh: boolean, codec: Codec<Map<K, V>, S>, read: () => Promise<Kept<Map<K, V>>>) =>
    kept.get(`qtest:${name}:${pid}`, { refresh, codec, read }) as Promise<Kept<Map<K, V>>>;
  // Test-log searches over the whole project work on this site (false once qTest refused one).
  let searchProject = true;

  const modules = (pid: string, refresh: boolean) =>
    list(pid, 'modules', refresh, numberNames, async () => {
      const tree = await moduleTree(getClient(), pid);
      const { paths, unreadable } = modulePaths(tree.endpoint, tree.rows);
      return { value: paths, unreadable };
    });
  const places = (pid: string, refresh: boolean) => list(pid, 'places', refresh, placeNames, () => readPlaces(getClient(), pid, pageSize));
  const requirements = (pid: string, refresh: boolean) =>
    list(pid, 'requirements', refresh, numberNames, async () => {
      const rows = await listRequirements(getClient(), pid, pageSize);
      const keys = new Map<number, string>();
      for (const r of rows.items) {
        const key = requirementKey(r);
        if (key) keys.set(r.id, key);
      }
      return { value: keys, unreadable: rows.unreadable };
    });

  const lookups = (pid: string): HistoryLookups => ({
    statuses: async () =>
      (
        await list(pid, 'statuses', false, numberNames, async () => ({
          value: new Map((await listStatuses(getClient(), pid)).items.map((s) => [s.id, s.name])),
          unreadable: [],
        }))
      ).value,
    // Without the right to list the project's members the testers are left out rather than failing the read.
    users: async () =>
      (
        await list(pid, 'users', false, numberNames, async () => {
          const value = await projectUsers(getClient(), pid).then(
            (r) => new Map(r.items.flatMap((u) => (userName(u) ? [[u.id, userName(u)!] as const] : []))),
            (e: unknown) => {
              if (e instanceof ConnectorError && e.code === 'MISSING_PERMISSION') return new Map<number, string>();
              throw e;
            },
          );
          return { value, unreadable: [] };
        })
      ).value,
  });

  /**
   * The project's logs read ahead for a first read of several pages of runs: read on its first page, kept for the
   * others (a later page that finds none kept reads its own runs' logs instead). Undefined once qTest refused the search.
   */
  async function logsAhead(pid: string, firstPage: boolean): Promise<Kept<LogsByRun> | undefined> {
    if (!searchProject) return undefined;
    const read = firstPage ? () => readProjectLogs(getClient(), pid, pageSize) : undefined;
    try {
      return await kept.get(`qtest:logs:${pid}`, { refresh: firstPage, codec: keptLogs, read });
    } catch (e) {
      if (!refusedQuery(e)) throw e;
      searchProject = false;
      return undefined;
    }
  }

  /**
   * Maps a batch of cases with their requirement links (linked-artifacts, as many ids a call as fit a URL): the module
   * tree only when a case sits in a module, the requirement catalogue only when a case links a requirement.
   */
  async function mapCases(pid: string, cases: QtestTestCase[], refresh: boolean): Promise<{ items: TestCase[]; unreadable: UnreadableRecord[] }> {
    if (cases.length === 0) return { items: [], unreadable: [] };
    const c = getClient();
    const [mods, links] = await Promise.all([
      cases.some((tc) => tc.parent_id != null) ? modules(pid, refresh) : none<number>(),
      linkedRequirements(c, pid, cases.map((tc) => tc.id)),
    ]);
    const reqs = links.items.some((l) => l.requirementIds.length > 0) ? await requirements(pid, refresh) : none<number>();
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

  /** The history of a batch of runs: where runs sit only when a run sits in a release, cycle or suite. */
  async function historyOf(pid: string, runs: QtestTestRun[], refresh: boolean, ahead?: LogsByRun) {
    const where = runs.some((r) => r.parentType && r.parentId != null) ? await places(pid, refresh) : none<PlaceKey, RunPlace>();
    const history = await runHistory(getClient(), pid, runs, { pageSize, places: where.value, lookups: lookups(pid), mode, ahead });
    return { items: history.items, unreadable: [...where.unreadable, ...history.unreadable] };
  }

  const connector: ToolConnector = {
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
      // Cases the sync already holds in this version are left out before their links are read.
      const fresh = res.rows.items.filter((tc) => !ropts.known?.(String(tc.id), caseUpdatedAt(tc)));
      const mapped = await mapCases(projectId, fresh, cursor.page === 1);
      const next = res.more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {};
      return withUnreadable({ items: mapped.items, ...next }, [...res.rows.unreadable, ...mapped.unreadable]);
    },

    /**
     * Every execution of the runs modified at or after `modifiedSince` (qTest filters server-side on the run's
     * last_modified_date, which a submitted test log bumps), one TestRun per test log (logs.ts).
     */
    async readRuns(projectId: string, ropts: ReadOptions): Promise<Page<TestRun>> {
      const cursor = ropts.cursor ? decodeCursor(ropts.cursor) : { page: 1, since: ropts.modifiedSince };
      const res = await searchTestRuns(getClient(), projectId, { query: modifiedSinceQuery(cursor.since), page: cursor.page, pageSize });
      // Runs the sync already holds as they are now are left out before their logs are read.
      const fresh = res.rows.items.filter((run) => !runKnown(run, ropts.known));
      // A first read of more than one page reads the project's logs ahead; one page reads its runs' logs, as cheaply.
      const several = cursor.since === undefined && (cursor.page > 1 || res.more);
      const ahead = several && fresh.length > 0 ? await logsAhead(projectId, cursor.page === 1) : undefined;
      const history = await historyOf(projectId, fresh, cursor.page === 1, ahead?.value);
      const next = res.more ? { next: encodeCursor({ page: cursor.page + 1, since: cursor.since }) } : {};
      return withUnreadable({ items: history.items, ...next }, [...res.rows.unreadable, ...(ahead?.unreadable ?? []), ...history.unreadable]);
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
      const [mapped, runs] = await Promise.all([mapCases(projectId, [tc], false), runsOfTestCase(c, projectId, tc.id, pageSize)]);
      const history = await historyOf(projectId, runs.items, false);
      return { testCase: mapped.items[0], runs: history.items };
    },

    checkDefectWrites: (projectIds) => checkDefectWrites(getClient(), projectIds, secrets),
    linkDefect: (run, defect) => linkDefectToLog(getClient(), run, defect),
    readStepResults: (run) => readQtestStepResults(getClient(), run),
  };
  return connector;
}
