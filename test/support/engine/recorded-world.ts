/**
 * The sync engine on in-memory storage, Jira and queue (as world.ts) with a real Connector: one connection of a
 * recorded site's tool (or any tool), one mapping of its project to a Jira project, and the connector given — the
 * registry's own over a replaying fetch — so a first sync of a recorded project can be run in milliseconds.
 * Stories are seeded for the requirement keys the cases name, so their links are made.
 */
import { saveConnection, setSecret, type ConnectionRecord } from '../../../src/config/connections';
import { saveMapping } from '../../../src/config/mappings';
import type { Connector } from '../../../src/connectors/types';
import type { Tool } from '../../../src/domain/model';
import { useKv } from '../../../src/platform/kv';
import { processSyncEvent, startRun } from '../../../src/sync/engine';
import type { EngineDeps, QueuePort } from '../../../src/sync/ports';
import type { SyncEvent } from '../../../src/sync/queue';
import { listRuns, type RunRecord } from '../../../src/sync/run-store';
import { FakeJira } from './fake-jira';
import { MemoryKv } from './memory-kv';

const START = Date.parse('2026-11-02T09:00:00Z');
/** Stories seeded per project at most: a requirement key numbered above it stays missing (a warning, no link). */
const MAX_SEEDED = 2000;

export interface RecordedWorldOptions {
  tool: Tool;
  connection: { baseUrl: string; settings?: ConnectionRecord['settings'] };
  secret: string;
  projectId: string;
  /** The connector the engine uses (built from the stored connection and secret it is handed). */
  connector: (connection: ConnectionRecord, secret: { apiToken: string }) => Connector;
  /** Jira issue keys the cases cover; the stories are seeded. */
  requirementKeys?: string[];
  /** Whether the mapping syncs runs (default true). */
  syncRuns?: boolean;
  jiraProjectKey?: string;
}

export interface RecordedWorld {
  kv: MemoryKv;
  jira: FakeJira;
  connectionId: string;
  /** Starts a manual sync and processes every event; answers the run as it ended. */
  sync(): Promise<RunRecord | undefined>;
  /** Keys of the failure queue (failed items). */
  failures(): string[];
  /** The app-created issues per source key. */
  issuesBySourceKey(): ReturnType<FakeJira['appIssuesBySourceKey']>;
  close(): void;
}

export async function createRecordedWorld(o: RecordedWorldOptions): Promise<RecordedWorld> {
  const clock = { t: START };
  const kv = new MemoryKv(() => clock.t);
  const restore = useKv(kv);
  const jira = new FakeJira(() => clock.t);
  const highest = new Map<string, number>();
  for (const key of o.requirementKeys ?? []) {
    const m = /^([A-Z][A-Z0-9_]+)-(\d+)$/.exec(key);
    if (m) highest.set(m[1], Math.max(highest.get(m[1]) ?? 0, Number(m[2])));
  }
  for (const [project, n] of highest) for (let i = 0; i < Math.min(n, MAX_SEEDED); i++) jira.seedIssue(project, 'Story');

  const events: { event: SyncEvent; at: number }[] = [];
  const queue: QueuePort = {
    async push(event, delay = 0) {
      events.push({ event, at: clock.t + delay * 1000 });
    },
  };
  const deps: EngineDeps = {
    remainingMs: () => 600_000,
    budgetMs: 600_000,
    now: () => new Date(clock.t),
    jira,
    queue,
    connector: o.connector,
  };
  const connectionId = `${o.tool}-recorded`;
  const t0 = new Date(clock.t).toISOString();
  // Another site's tool: its cases become issues here (on the same site, Xray's own Test issues would be annotated).
  const settings = { ...(o.connection.settings ?? {}), ...(o.tool === 'xray' ? { sameSite: false } : {}) };
  await saveConnection({ id: connectionId, tool: o.tool, name: `${o.tool} (recorded)`, baseUrl: o.connection.baseUrl, settings, enabled: true, connected: true, createdAt: t0, updatedAt: t0 });
  await setSecret(connectionId, { apiToken: o.secret });
  await saveMapping({
    connectionId, externalProjectId: o.projectId, externalProjectName: 'Recorded', jiraProjectKey: o.jiraProjectKey ?? 'SHOP', issueType: 'Test',
    schedule: 'hour', syncRuns: o.syncRuns ?? true, syncRequirementLinks: true, onDeletedInJira: 'leave', createdAt: t0, updatedAt: t0,
  });

  const drain = async () => {
    for (let n = 0; n < 10_000; n++) {
      events.sort((a, b) => a.at - b.at);
      const next = events.shift();
      if (!next) return;
      if (next.at > clock.t) clock.t = next.at;
      await processSyncEvent(next.event, deps);
    }
    throw new Error('the sync did not end within 10,000 events');
  };

  return {
    kv,
    jira,
    connectionId,
    async sync() {
      const run = await startRun(connectionId, 'manual', false, { queue, now: new Date(clock.t) });
      await drain();
      return (await listRuns(100)).find((r) => r.runId === run.runId);
    },
    failures: () => kv.keys('failure:'),
    issuesBySourceKey: () => jira.appIssuesBySourceKey(),
    close: restore,
  };
}

// ---- recorded sites: loading one folder, reading it through the connector ----

/** The settings a replay builds its connector with: the recorded ones, and an Xray budget that never waits. */
export function replaySettings(site: { tool: Tool; connection: { settings?: Record<string, unknown> } }): ConnectionRecord['settings'] {
  const settings = { ...(site.connection.settings ?? {}) } as ConnectionRecord['settings'];
  return site.tool === 'xray' ? { ...settings, requestsPer5Minutes: 1_000_000 } : settings;
}

/** The secret a replay sends: the recording's placeholder (Xray's authenticate body is matched on it). */
export function replaySecret(site: { connection: Record<string, unknown> }): string {
  return typeof site.connection.secret === 'string' ? site.connection.secret : 'recorded-secret';
}

/** What a connector reads from a project, the way the sync reads it (cases and runs up to `maxPages` pages). */
export interface ConnectorReads {
  projects: unknown[];
  statuses: unknown[];
  cases: Array<Record<string, unknown> & { externalId: string; requirementKeys: string[] }>;
  runs: Array<Record<string, unknown> & { externalId: string }>;
  caseIds: string[];
  readTestCase: Record<string, unknown> | null;
  unreadable: unknown[];
}

/** Which reads to make besides the cases (all by default): a recording holds only the exchanges of its own reads. */
export type OptionalRead = 'projects' | 'statuses' | 'runs' | 'caseIds' | 'readTestCase';

export async function readProject(
  c: Connector,
  projectId: string,
  opts: { maxPages?: number; reads?: readonly OptionalRead[]; keepSteps?: boolean } = {},
): Promise<ConnectorReads> {
  const maxPages = opts.maxPages ?? Number.POSITIVE_INFINITY;
  const wanted = new Set<OptionalRead>(opts.reads ?? ['projects', 'statuses', 'runs', 'caseIds', 'readTestCase']);
  const unreadable: unknown[] = [];
  const walk = async <T>(read: (cursor?: string) => Promise<{ items: T[]; next?: string; unreadable?: unknown[] }>, max: number) => {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < max; n++) {
      const page = await read(cursor);
      items.push(...page.items);
      unreadable.push(...(page.unreadable ?? []));
      cursor = page.next;
      if (!cursor) break;
    }
    return items;
  };
  const projects = wanted.has('projects') ? await c.listProjects() : [];
  const statuses = wanted.has('statuses') ? await c.listStatuses(projectId) : [];
  const cases = await walk((cursor) => c.readTestCases(projectId, { cursor }), maxPages);
  const runs = wanted.has('runs') ? await walk((cursor) => c.readRuns(projectId, { cursor }), maxPages) : [];
  const caseIds = wanted.has('caseIds') ? await walk((cursor) => c.listTestCaseIds(projectId, { cursor }), Number.POSITIVE_INFINITY) : [];
  const one = wanted.has('readTestCase') && cases[0] ? await c.readTestCase(projectId, cases[0].externalId) : null;
  return {
    projects,
    statuses,
    cases: cases.map(({ steps, ...tc }) => ({ ...tc, ...(opts.keepSteps ? { steps } : {}), stepsCount: steps.length })),
    runs: runs.map((r) => ({ ...r })),
    caseIds,
    readTestCase: one && { externalId: one.testCase.externalId, displayId: one.testCase.displayId, stepsCount: one.testCase.steps.length, runs: one.runs.length },
    unreadable,
  };
}

/** A connector that ends its paged case and run reads after `maxPages` pages (a recording made with --max-pages). */
export function pageLimited(c: Connector, maxPages: number | undefined): Connector {
  if (!maxPages) return c;
  const limit = <T>(read: (projectId: string, opts: { cursor?: string; modifiedSince?: string }) => Promise<{ items: T[]; next?: string }>) => {
    const pagesRead = new Map<string, number>();
    return async (projectId: string, opts: { cursor?: string; modifiedSince?: string }) => {
      const n = opts.cursor ? (pagesRead.get(opts.cursor) ?? 0) : 0;
      const page = await read(projectId, opts);
      if (page.next) pagesRead.set(page.next, n + 1);
      return n + 1 >= maxPages ? { ...page, next: undefined } : page;
    };
  };
  return {
    checkConnection: () => c.checkConnection(),
    listProjects: () => c.listProjects(),
    listStatuses: (projectId) => c.listStatuses(projectId),
    readTestCases: limit((projectId, opts) => c.readTestCases(projectId, opts)),
    readRuns: limit((projectId, opts) => c.readRuns(projectId, opts)),
    readTestCase: (projectId, externalId) => c.readTestCase(projectId, externalId),
    listTestCaseIds: (projectId, opts) => c.listTestCaseIds(projectId, opts),
  };
}
