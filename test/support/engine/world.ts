/**
 * The sync engine with every port in memory: storage, Jira, the queue, the tool and the clock. Runs a sync to
 * its end in milliseconds, and can make the process die at any write and start it again, so the engine's
 * failure paths are unit tests.
 */
import { saveConnection, setSecret } from '../../../src/config/connections';
import { saveMapping, type MappingRecord } from '../../../src/config/mappings';
import { useKv } from '../../../src/platform/kv';
import { startRun, processSyncEvent } from '../../../src/sync/engine';
import { listRuns, type RunRecord } from '../../../src/sync/run-store';
import { reapStalledRuns } from '../../../src/sync/run-control';
import type { EngineDeps, QueuePort } from '../../../src/sync/ports';
import type { SyncEvent } from '../../../src/sync/queue';
import { FakeJira } from './fake-jira';
import { FakeTool, PROJECT } from './fake-tool';
import { MemoryKv } from './memory-kv';

export const CONNECTION = 'qtest-a';
const START = Date.parse('2026-11-02T09:00:00Z');

export interface World {
  clock: { t: number };
  kv: MemoryKv;
  jira: FakeJira;
  tool: FakeTool;
  events: { event: SyncEvent; at: number }[];
  /** Every delivered event: the world clock when its step started and ended, and its outcome. */
  steps: { from: number; to: number; outcome: string }[];
  deps: EngineDeps;
  /** Starts a manual sync and processes every event; answers the run as it ended. */
  sync(opts?: { dryRun?: boolean }): Promise<RunRecord | undefined>;
  /** Processes queued events until none is left, or until the process "dies" (a fault hangs). */
  drain(): Promise<'drained' | 'died'>;
  /** The process comes back: time passes beyond every timeout and grace, the scheduler looks at stalled runs. */
  restart(): Promise<void>;
  advance(ms: number): void;
  mapping(change?: Partial<MappingRecord>): Promise<void>;
  runs(): Promise<RunRecord[]>;
  close(): void;
}

export async function createWorld(opts: { cases?: number; duplicateDelivery?: boolean; outOfOrder?: boolean } = {}): Promise<World> {
  const clock = { t: START };
  const now = () => clock.t;
  const kv = new MemoryKv(now);
  const restore = useKv(kv);
  const jira = new FakeJira(now);
  for (let i = 0; i < 3; i++) jira.seedIssue('SHOP', 'Story');
  const tool = new FakeTool(now);
  const events: { event: SyncEvent; at: number }[] = [];
  const steps: World['steps'] = [];
  let died: () => void = () => undefined;
  const queue: QueuePort = {
    async push(event, delay = 0) {
      events.push({ event, at: clock.t + delay * 1000 });
      if (opts.duplicateDelivery) events.push({ event, at: clock.t + delay * 1000 });
    },
  };
  const deps: EngineDeps = {
    remainingMs: () => 600_000,
    budgetMs: 600_000,
    now: () => new Date(clock.t),
    jira,
    queue,
    connector: () => tool,
  };
  const t0 = new Date(clock.t).toISOString();
  await saveConnection({ id: CONNECTION, tool: 'qtest', name: 'qTest A', baseUrl: 'https://a.qtestnet.com', settings: {}, enabled: true, connected: true, createdAt: t0, updatedAt: t0 });
  await setSecret(CONNECTION, { apiToken: 'token-a' });
  const base: MappingRecord = {
    connectionId: CONNECTION, externalProjectId: PROJECT, externalProjectName: 'Shop', jiraProjectKey: 'SHOP', issueType: 'Test',
    schedule: 'hour', syncRuns: true, syncRequirementLinks: true, onDeletedInJira: 'leave', createdAt: t0, updatedAt: t0,
  };
  await saveMapping(base);
  for (let i = 1; i <= (opts.cases ?? 5); i++) tool.addCase(String(i), i <= 3 ? [`SHOP-${i}`] : []);
  tool.addRun('1', 'Passed');
  tool.addRun('2', 'Failed');
  kv.writes = 0;

  /** A hang at a faulty write stands for the process dying there: the promise is abandoned. */
  const untilDeath = async <T>(work: Promise<T>, hung: Promise<'died'>): Promise<T | 'died'> => {
    let settled = false;
    const tracked = work.finally(() => {
      settled = true;
    });
    const poll = new Promise<'died'>((resolve) => {
      const hangs = () => (kv.fault?.mode === 'hang' && kv.writes > kv.fault.at) || (jira.fault?.mode === 'hang' && jira.writeLog.length > jira.fault.at);
      const check = () => (settled ? undefined : hangs() ? resolve('died') : setImmediate(check));
      setImmediate(check);
    });
    return Promise.race([tracked, hung, poll]);
  };

  const world: World = {
    clock, kv, jira, tool, events, steps, deps,
    advance: (ms) => {
      clock.t += ms;
    },
    async drain() {
      for (;;) {
        events.sort((a, b) => a.at - b.at);
        // Out of order: of the events due at the same time, the last pushed is delivered first.
        const due = events.filter((e) => e.at <= (events[0]?.at ?? 0));
        const next = opts.outOfOrder && due.length > 1 ? events.splice(due.length - 1, 1)[0] : events.shift();
        if (!next) return 'drained';
        if (next.at > clock.t) clock.t = next.at;
        const hung = new Promise<'died'>((resolve) => {
          died = () => resolve('died');
        });
        const from = clock.t;
        const outcome = await untilDeath(processSyncEvent(next.event, deps), hung);
        steps.push({ from, to: clock.t, outcome: outcome === 'died' ? 'died' : outcome.outcome });
        if (outcome === 'died') {
          events.push(next);
          return 'died';
        }
      }
    },
    async sync(o = {}) {
      const started = startRun(CONNECTION, 'manual', !!o.dryRun, { queue, now: new Date(clock.t) });
      const run = await untilDeath(started, new Promise(() => undefined));
      if (run === 'died') return undefined;
      await world.drain();
      return (await world.runs()).find((r) => r.runId === run.runId);
    },
    async restart() {
      delete kv.fault;
      delete jira.fault;
      clock.t += 15 * 60_000;
      await reapStalledRuns(new Date(clock.t), queue);
      await world.drain();
    },
    async mapping(change = {}) {
      await saveMapping({ ...base, ...change, updatedAt: new Date(clock.t).toISOString() });
    },
    runs: () => listRuns(100),
    close: () => {
      died();
      restore();
    },
  };
  return world;
}
