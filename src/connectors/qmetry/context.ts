/**
 * Per-project lookups the QMetry reads share, fetched once per connector and refreshed on a read's first
 * page: project info (view ids), execution statuses, cycle and platform names, Jira requirement links.
 */
import pLimit from 'p-limit';
import type { QmetryClient } from './client';
import { requirementKey } from './mapping';
import {
  getProjectInfo,
  listExecutionStatuses,
  listPlatforms,
  listRequirements,
  scopeTree,
  testCasesOfRequirement,
} from './queries';
import type { QmetryProjectInfo } from './records';

interface ProjectCache {
  info?: QmetryProjectInfo;
  statuses?: Map<string, string>;
  cycles?: Map<string, string>;
  platforms?: Map<string, string>;
  /** Test case entity key → Jira keys of the Jira requirements it is linked to. */
  links?: Map<string, string[]>;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of the results. */
/** Maps items with at most `limit` calls in flight, keeping their order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item) => run(() => fn(item))));
}

export interface ProjectLookups {
  info(projectKey: string, refresh: boolean): Promise<QmetryProjectInfo>;
  statuses(projectKey: string, refresh: boolean): Promise<Map<string, string>>;
  cycles(projectKey: string, refresh: boolean): Promise<Map<string, string>>;
  platforms(projectKey: string, refresh: boolean): Promise<Map<string, string>>;
  links(projectKey: string, refresh: boolean): Promise<Map<string, string[]>>;
}

export function createLookups(client: () => QmetryClient, concurrency: number): ProjectLookups {
  const caches = new Map<string, ProjectCache>();
  const cacheOf = (key: string) => {
    let c = caches.get(key);
    if (!c) caches.set(key, (c = {}));
    return c;
  };

  async function cached<K extends keyof ProjectCache>(
    key: string,
    field: K,
    refresh: boolean,
    load: () => Promise<NonNullable<ProjectCache[K]>>,
  ): Promise<NonNullable<ProjectCache[K]>> {
    const c = cacheOf(key);
    if (refresh || c[field] === undefined) c[field] = await load();
    return c[field] as NonNullable<ProjectCache[K]>;
  }

  const lookups: ProjectLookups = {
    info: (key, refresh) => cached(key, 'info', refresh, () => getProjectInfo(client(), key)),

    statuses: (key, refresh) =>
      cached(key, 'statuses', refresh, async () => new Map((await listExecutionStatuses(client(), key)).map((s) => [s.id, s.name]))),

    cycles: (key, refresh) =>
      cached(key, 'cycles', refresh, async () => {
        const tree = await scopeTree(client(), key);
        const names = new Map<string, string>();
        for (const r of tree.projects.releases) for (const b of r.builds) names.set(b.buildID, b.name);
        return names;
      }),

    platforms: (key, refresh) =>
      cached(key, 'platforms', refresh, async () => new Map((await listPlatforms(client(), key)).map((p) => [p.platformID, p.name]))),

    links: (key, refresh) =>
      cached(key, 'links', refresh, async () => {
        const info = await lookups.info(key, false);
        const jira = (await listRequirements(client(), key, info.latestViews.RQ.viewId))
          .map((r) => ({ id: r.id, key: requirementKey(r) }))
          .filter((r): r is { id: string; key: string } => r.key !== undefined);
        const linked = await mapLimit(jira, concurrency, async (r) => ({ key: r.key, cases: await testCasesOfRequirement(client(), key, r.id) }));
        const byCase = new Map<string, string[]>();
        for (const { key: jiraKey, cases } of linked) {
          for (const tc of cases) byCase.set(tc.entityKey, [...(byCase.get(tc.entityKey) ?? []), jiraKey]);
        }
        return byCase;
      }),
  };
  return lookups;
}
