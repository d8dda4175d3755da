/**
 * What the QMetry connector keeps in a sync run's cache (RunCache), so that a continuation in a new invocation, which
 * starts with a new connector, does not read it from QMetry again: per project, the Jira requirement links of its
 * test cases (`qmetry:links:<project key>`) and test case ids by entity key (`qmetry:case-ids:<project key>`). A run
 * syncs one connection, so the project key names the project. Values read back are checked: one that is missing,
 * damaged or of another shape counts as absent (the connector reads QMetry again and writes it anew), and so does a
 * store that fails; a failed write is let go, since the next invocation then only reads QMetry again.
 */
import { z } from 'zod';
import type { RunCache } from '../types';

const LinksValue = z.object({ v: z.literal(1), byCase: z.record(z.string(), z.array(z.string())) });
const CaseIdsValue = z.object({ v: z.literal(1), ids: z.record(z.string(), z.string().min(1)) });

const linksKey = (projectKey: string) => `qmetry:links:${projectKey}`;
const caseIdsKey = (projectKey: string) => `qmetry:case-ids:${projectKey}`;

export interface KeptLookups {
  /** Whether there is a run cache at all. */
  readonly enabled: boolean;
  /** Test case entity key → Jira keys of its Jira requirements, as read earlier in this run. */
  links(projectKey: string): Promise<Map<string, string[]> | undefined>;
  keepLinks(projectKey: string, byCase: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** Test case entity key → tcID, as read earlier in this run. */
  caseIds(projectKey: string): Promise<Map<string, string> | undefined>;
  keepCaseIds(projectKey: string, ids: ReadonlyMap<string, string>): Promise<void>;
}

export function keptLookups(cache: RunCache | undefined): KeptLookups {
  async function read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    if (!cache) return undefined;
    try {
      const parsed = schema.safeParse(await cache.get(key));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
  async function write(key: string, value: unknown): Promise<void> {
    if (!cache) return;
    try {
      await cache.set(key, value);
    } catch {
      // Only a saving is lost: the next invocation reads QMetry again.
    }
  }
  return {
    enabled: cache !== undefined,
    links: async (projectKey) => {
      const kept = await read(linksKey(projectKey), LinksValue);
      return kept && new Map(Object.entries(kept.byCase));
    },
    keepLinks: (projectKey, byCase) => write(linksKey(projectKey), { v: 1, byCase: Object.fromEntries(byCase) }),
    caseIds: async (projectKey) => {
      const kept = await read(caseIdsKey(projectKey), CaseIdsValue);
      return kept && new Map(Object.entries(kept.ids));
    },
    keepCaseIds: (projectKey, ids) => write(caseIdsKey(projectKey), { v: 1, ids: Object.fromEntries(ids) }),
  };
}
