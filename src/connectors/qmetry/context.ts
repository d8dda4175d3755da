/**
 * Per-project lookups the QMetry reads share: project info (view ids, the date format, numeric id and client code),
 * execution statuses, Jira requirement links, test case ids by entity key; release and cycle names (the scope tree)
 * and platform names only when a run row lacks them. Project info and statuses are read once per connector and again on a read's first page.
 *
 * Requirement links (1 requirements list + 1 forRQ call per Jira requirement) and case ids are also kept in the sync
 * run's cache when the connector has one (kept.ts): links once read in a run serve the rest of the run, a
 * continuation's first page included, and a new connector takes them from there. Without a run cache (connection
 * checks, the panel) the links in memory are dropped with every refresh of the project info (a read's first page).
 * Case ids are remembered from every case row read; those of keys not seen are looked up (an entityKeyId filter),
 * and the map is written back to the run cache once per page that made it grow.
 */
import pLimit from 'p-limit';
import type { UnreadableRecord } from '../../domain/model';
import { ConnectorError, type RunCache } from '../types';
import type { QmetryClient } from './client';
import { GETINFO, resolveDateFormat, type DateFormat } from './dates';
import { keptLookups } from './kept';
import { requirementKey } from './mapping';
import {
  getProjectInfo,
  listExecutionStatuses,
  listPlatforms,
  listRequirements,
  scopeNames,
  testCasesByKeys,
  testCasesOfRequirement,
  type ScopeNames,
} from './queries';
import type { QmetryProjectInfo } from './records';
import { requireAllRead } from './rows';

/** Maps items with at most `limit` calls in flight, keeping their order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item) => run(() => fn(item))));
}

export type ViewModule = 'TC' | 'TS' | 'TE' | 'TEL' | 'RQ' | 'IS';

export interface Links {
  /** Test case entity key → Jira keys of the Jira requirements it is linked to. */
  byCase: ReadonlyMap<string, string[]>;
  /** Requirement and link rows that could not be read. */
  unreadable: UnreadableRecord[];
}

interface ProjectCache {
  info?: QmetryProjectInfo;
  format?: DateFormat;
  statuses?: Map<string, string>;
  scope?: ScopeNames;
  platforms?: Map<string, string>;
  links?: ReadonlyMap<string, string[]>;
  /** Whether the run cache was asked for the links (it holds none unless this connector scans). */
  linksAsked?: boolean;
  /** Test case entity key → tcID, from every case row read. */
  caseIds: Map<string, string>;
  /** The run cache's case ids, merged into `caseIds` once. */
  caseIdsLoaded?: Promise<void>;
  /** Whether `caseIds` holds what the run cache does not. */
  caseIdsGrew?: boolean;
}

export interface ProjectLookups {
  info(projectKey: string, refresh: boolean): Promise<QmetryProjectInfo>;
  /** The project's date format; throws UNEXPECTED_RESPONSE naming it when it is missing, unknown or ambiguous. */
  dateFormat(projectKey: string, refresh: boolean): Promise<DateFormat>;
  /** A view id from getinfo's `latestViews`; throws UNEXPECTED_RESPONSE naming the field when it is missing. */
  view(projectKey: string, module: ViewModule): Promise<number>;
  /** The `scope` and `orgcode` headers the suite-run call takes, from getinfo. */
  scopeHeaders(projectKey: string): Promise<Record<string, string>>;
  statuses(projectKey: string, refresh: boolean): Promise<Map<string, string>>;
  /** Release and cycle names (the scope tree), read at most once per refresh and only when asked. */
  scope(projectKey: string): Promise<ScopeNames>;
  /** Platform id → name, read at most once per refresh and only when asked. */
  platforms(projectKey: string): Promise<Map<string, string>>;
  /** The requirement links already read (in memory, else in the run cache); undefined when they were not. */
  keptLinks(projectKey: string): Promise<ReadonlyMap<string, string[]> | undefined>;
  /** Reads every Jira requirement's linked test cases and keeps the links (memory and run cache). */
  scanLinks(projectKey: string): Promise<Links>;
  /** Remembers test case ids by entity key (in memory; see keepCaseIds). */
  rememberCases(projectKey: string, rows: ReadonlyArray<{ tcID: string; entityKey: string }>): void;
  /** Writes the remembered case ids to the run cache when they grew since it was read or written. */
  keepCaseIds(projectKey: string): Promise<void>;
  /** The tcIDs of these entity keys (looked up in QMetry for the ones not seen yet); unknown keys are absent. */
  caseIds(projectKey: string, keys: readonly string[]): Promise<Map<string, string>>;
}

export function createLookups(client: () => QmetryClient, concurrency: number, runCache?: RunCache): ProjectLookups {
  const kept = keptLookups(runCache);
  const caches = new Map<string, ProjectCache>();
  const cacheOf = (key: string) => {
    let c = caches.get(key);
    if (!c) caches.set(key, (c = { caseIds: new Map() }));
    return c;
  };

  async function cached<K extends 'info' | 'statuses' | 'scope' | 'platforms'>(
    key: string,
    field: K,
    refresh: boolean,
    load: () => Promise<NonNullable<ProjectCache[K]>>,
  ): Promise<NonNullable<ProjectCache[K]>> {
    const c = cacheOf(key);
    if (refresh || c[field] === undefined) c[field] = await load();
    return c[field] as NonNullable<ProjectCache[K]>;
  }

  /** The run cache's case ids merged into memory (the ones in memory are the newer), once per connector. */
  function loadCaseIds(key: string): Promise<void> {
    const c = cacheOf(key);
    return (c.caseIdsLoaded ??= (async () => {
      const stored = await kept.caseIds(key);
      for (const [k, id] of stored ?? []) if (!c.caseIds.has(k)) c.caseIds.set(k, id);
      c.caseIdsGrew = [...c.caseIds].some(([k, id]) => stored?.get(k) !== id);
    })());
  }

  const lookups: ProjectLookups = {
    info: (key, refresh) =>
      cached(key, 'info', refresh, async () => {
        const c = cacheOf(key);
        // A refreshed project info makes the lazily read names stale too, and the links unless a run keeps them.
        delete c.scope;
        delete c.platforms;
        delete c.format;
        if (!kept.enabled) delete c.links;
        return getProjectInfo(client(), key);
      }),

    dateFormat: async (key, refresh) => {
      const info = await lookups.info(key, refresh);
      const c = cacheOf(key);
      return (c.format ??= resolveDateFormat(info, key));
    },

    view: async (key, module) => {
      const raw = (await lookups.info(key, false)).latestViews?.[module]?.viewId;
      const viewId = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
      if (typeof viewId !== 'number' || !Number.isFinite(viewId)) {
        throw new ConnectorError('UNEXPECTED_RESPONSE', `QMetry's project info for ${key} names no ${module} view (latestViews.${module}.viewId)`, {
          endpoint: GETINFO,
          field: `latestViews.${module}.viewId`,
        });
      }
      return viewId;
    },

    scopeHeaders: async (key) => {
      const info = await lookups.info(key, false);
      const headers: Record<string, string> = {};
      if (info.currentProjectId) headers.scope = info.currentProjectId;
      if (info.clientCode !== null && info.clientCode !== undefined && String(info.clientCode)) headers.orgcode = String(info.clientCode);
      return headers;
    },

    statuses: (key, refresh) =>
      cached(key, 'statuses', refresh, async () => new Map(requireAllRead(await listExecutionStatuses(client(), key)).map((s) => [s.id, s.name]))),

    scope: (key) => cached(key, 'scope', false, () => scopeNames(client(), key)),

    platforms: (key) =>
      cached(key, 'platforms', false, async () => new Map(requireAllRead(await listPlatforms(client(), key)).map((p) => [p.platformID, p.name]))),

    keptLinks: async (key) => {
      const c = cacheOf(key);
      if (c.links || !kept.enabled || c.linksAsked) return c.links;
      c.linksAsked = true;
      return (c.links = await kept.links(key));
    },

    scanLinks: async (key) => {
      const listed = await listRequirements(client(), key, await lookups.view(key, 'RQ'));
      const jira = listed.rows
        .map((r) => ({ id: r.id, key: requirementKey(r) }))
        .filter((r): r is { id: string; key: string } => r.key !== undefined);
      const linked = await mapLimit(jira, concurrency, async (r) => ({ key: r.key, cases: await testCasesOfRequirement(client(), key, r.id) }));
      const byCase = new Map<string, string[]>();
      const unreadable = [...listed.unreadable];
      for (const { key: jiraKey, cases } of linked) {
        unreadable.push(...cases.unreadable.map((u) => ({ ...u, message: `${u.message} (test cases linked to ${jiraKey})` })));
        for (const tc of cases.rows) byCase.set(tc.entityKey, [...(byCase.get(tc.entityKey) ?? []), jiraKey]);
      }
      cacheOf(key).links = byCase;
      await kept.keepLinks(key, byCase);
      return { byCase, unreadable };
    },

    rememberCases: (key, rows) => {
      const c = cacheOf(key);
      for (const r of rows) {
        if (c.caseIds.get(r.entityKey) === r.tcID) continue;
        c.caseIds.set(r.entityKey, r.tcID);
        c.caseIdsGrew = true;
      }
    },

    keepCaseIds: async (key) => {
      if (!kept.enabled) return;
      await loadCaseIds(key);
      const c = cacheOf(key);
      if (!c.caseIdsGrew) return;
      c.caseIdsGrew = false;
      await kept.keepCaseIds(key, c.caseIds);
    },

    caseIds: async (key, keys) => {
      if (kept.enabled) await loadCaseIds(key);
      const known = cacheOf(key).caseIds;
      const missing = [...new Set(keys)].filter((k) => !known.has(k));
      if (missing.length > 0) {
        const viewId = await lookups.view(key, 'TC');
        for (let i = 0; i < missing.length; i += 50) {
          const wanted = new Set(missing.slice(i, i + 50));
          const found = await testCasesByKeys(client(), key, viewId, [...wanted]);
          lookups.rememberCases(key, found.rows.filter((r) => wanted.has(r.entityKey)));
        }
        await lookups.keepCaseIds(key);
      }
      return new Map(keys.filter((k) => known.has(k)).map((k) => [k, known.get(k)!]));
    },
  };
  return lookups;
}
