/**
 * The sync history behind the admin page: pages filtered by connection, state and trigger and sorted; what is
 * kept (30 days back from a connection's latest run, at most 500 runs, of them at most 50 that changed
 * nothing) with the runs pruned deleted from storage; run details; a dry run's whole plan served page by
 * page from chunks under the platform's value limit.
 */
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';
import { getRun, newRunId, saveRun, type RunRecord } from '../../src/sync/run-store';
import { flushPlans, readPlan, recordPlanned, PLAN_CHUNK_ITEMS } from '../../src/sync/plan-store';
import { kv } from '../../src/platform/kv';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const DAY = 86_400_000;
const NEWEST = Date.parse('2026-11-20T12:00:00Z');

function run(connectionId: string, at: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: newRunId(new Date(at)),
    connectionId,
    trigger: 'schedule',
    dryRun: false,
    state: 'succeeded',
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 5000).toISOString(),
    durationMs: 5000,
    counts: { created: 0, updated: 1, unchanged: 10, linked: 0, failed: 0 },
    errors: [],
    warnings: [],
    cursor: { step: 3, mappingIndex: 0, phase: 'done', mappings: ['101'] },
    ...over,
  };
}

const seed = (runs: RunRecord[]) => app.server.runtime.runInInvocation(async () => {
  for (const r of runs) await saveRun(r);
});
const stored = (runId: string) => app.server.runtime.runInInvocation(() => getRun(runId));

async function addConnection(name: string): Promise<string> {
  const view = await app.admin('saveConnection', { tool: 'qtest', name, baseUrl: `https://${name.toLowerCase()}.qtestnet.com`, apiToken: 'qtest-demo-token' });
  expect(view.error).toBeUndefined();
  return view.id;
}

describe('sync history', () => {
  let a: string;
  let b: string;
  const seeded: { old: RunRecord[]; quiet: RunRecord[]; eventful: RunRecord[]; bRuns: RunRecord[] } = { old: [], quiet: [], eventful: [], bRuns: [] };

  beforeAll(async () => {
    a = await addConnection('Alpha');
    b = await addConnection('Beta');
    // A: 10 runs older than 30 days, 80 quiet scheduled runs and 520 eventful ones within the last 25 days.
    for (let i = 0; i < 10; i++) seeded.old.push(run(a, NEWEST - (35 + i) * DAY, { counts: { created: 3, updated: 0, unchanged: 0, linked: 0, failed: 0 } }));
    for (let i = 0; i < 80; i++) seeded.quiet.push(run(a, NEWEST - i * 3_600_000 - 60_000, { counts: { created: 0, updated: 0, unchanged: 12, linked: 0, failed: 0 } }));
    for (let i = 0; i < 520; i++) {
      const state = i % 10 === 0 ? 'failed' : i % 10 === 1 ? 'partial' : 'succeeded';
      seeded.eventful.push(
        run(a, NEWEST - i * 4_000_000, {
          trigger: i % 3 === 0 ? 'manual' : 'schedule',
          dryRun: i % 7 === 0,
          state,
          counts: { created: i % 13, updated: 1, unchanged: 0, linked: i % 5, failed: state === 'succeeded' ? 0 : 2 },
          ...(state === 'failed' ? { errors: [{ message: 'qTest (Alpha): The qTest API token was rejected' }] } : {}),
        }),
      );
    }
    for (let i = 0; i < 30; i++) seeded.bRuns.push(run(b, NEWEST - i * DAY, { trigger: 'manual', state: i % 2 ? 'failed' : 'succeeded' }));
    await seed([...seeded.old, ...seeded.quiet, ...seeded.eventful, ...seeded.bRuns]);
  });

  it('keeps 30 days back from the latest run, at most 500 runs per connection and the newest 50 that changed nothing; deletes the rest', async () => {
    const page = await app.admin('listHistory', { connectionId: a, pageSize: 100 });
    expect(page.retention).toEqual({ days: 30, perConnection: 500, quietKept: 50 });
    expect(page.total).toBe(500);
    const all: any[] = [];
    for (let p = 1; p <= 5; p++) all.push(...(await app.admin('listHistory', { connectionId: a, pageSize: 100, page: p })).rows);
    expect(new Set(all.map((r) => r.runId)).size).toBe(500);
    const horizon = NEWEST - 30 * DAY;
    expect(all.every((r) => Date.parse(r.startedAt) >= horizon)).toBe(true);
    const quietIds = new Set(seeded.quiet.map((r) => r.runId));
    const quietKept = all.filter((r) => quietIds.has(r.runId));
    expect(quietKept).toHaveLength(50);
    // The newest quiet runs are the ones kept.
    expect(quietKept.map((r) => r.runId).sort()).toEqual(seeded.quiet.slice(0, 50).map((r) => r.runId).sort());
    // Pruned runs are gone from storage; kept ones are there.
    expect(await stored(seeded.old[0].runId)).toBeUndefined();
    expect(await stored(seeded.quiet[79].runId)).toBeUndefined();
    expect(await stored(seeded.eventful[0].runId)).toBeDefined();
    // The other connection's history is its own.
    expect((await app.admin('listHistory', { connectionId: b })).total).toBe(30);
  });

  it('pages newest first and filters by state and trigger, across connections or for one', async () => {
    const first = await app.admin('listHistory', { pageSize: 20 });
    const second = await app.admin('listHistory', { pageSize: 20, page: 2 });
    expect(first.total).toBe(530);
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0].startedAt >= first.rows[19].startedAt).toBe(true);
    expect(first.rows[19].startedAt >= second.rows[0].startedAt).toBe(true);
    expect(new Set([...first.rows, ...second.rows].map((r: any) => r.runId)).size).toBe(40);

    const failed = await app.admin('listHistory', { state: 'failed', pageSize: 100 });
    expect(failed.rows.every((r: any) => r.state === 'failed')).toBe(true);
    expect(failed.rows.some((r: any) => r.connectionId === a) && failed.rows.some((r: any) => r.connectionId === b)).toBe(true);
    const failedOfA = failed.rows.find((r: any) => r.connectionId === a);
    expect(failedOfA).toMatchObject({ cause: 'qTest (Alpha): The qTest API token was rejected', errorCount: 1 });

    const dry = await app.admin('listHistory', { connectionId: a, trigger: 'dryRun', pageSize: 100 });
    expect(dry.total).toBeGreaterThan(0);
    expect(dry.rows.every((r: any) => r.dryRun)).toBe(true);
    const manual = await app.admin('listHistory', { connectionId: a, trigger: 'manual', state: 'succeeded', pageSize: 100 });
    expect(manual.rows.every((r: any) => r.trigger === 'manual' && !r.dryRun && r.state === 'succeeded')).toBe(true);

    // A page past the end answers the last page.
    const last = await app.admin('listHistory', { connectionId: b, pageSize: 20, page: 9 });
    expect(last).toMatchObject({ page: 2, total: 30 });
    expect(last.rows).toHaveLength(10);
  });

  it('sorts by a count or the duration, both ways', async () => {
    const asc = await app.admin('listHistory', { connectionId: a, sortKey: 'created', sortOrder: 'ASC', pageSize: 100 });
    const created = asc.rows.map((r: any) => r.counts.created);
    expect(created).toEqual([...created].sort((x, y) => x - y));
    const desc = await app.admin('listHistory', { connectionId: a, sortKey: 'created', sortOrder: 'DESC', pageSize: 5 });
    expect(desc.rows[0].counts.created).toBe(12);
  });

  it('refuses a filter it does not know and an unknown connection, and every history function to a non-admin', async () => {
    expect((await app.admin('listHistory', { state: 'exploded' })).error.code).toBe('INVALID_INPUT');
    expect((await app.admin('listHistory', { connectionId: 'nope' })).error.code).toBe('NOT_FOUND');
    for (const [fn, payload] of [
      ['listHistory', {}],
      ['getRunDetails', { runId: seeded.bRuns[0].runId }],
      ['getRuns', { runIds: [seeded.bRuns[0].runId] }],
      ['getPlanPage', { runId: seeded.bRuns[0].runId, kind: 'create' }],
    ] as const) {
      expect((await app.admin(fn, payload, 'demo-tester')).error.code).toBe('FORBIDDEN');
    }
  });

  it("opens a run: its counts, errors, and the items it left under Failed items with links to Jira and the tool", async () => {
    const failedRun = seeded.eventful[10];
    await app.server.runtime.runInInvocation(async () => {
      const { recordFailure } = await import('../../src/sync/failures');
      const item = { sourceKey: `qtest:${a}:101:77`, connectionId: a, projectId: '101', externalId: '77', displayId: 'TC-77', issueKey: 'SHOP-9', cause: 'Jira answered 400', fix: 'Add the field' };
      // Four earlier syncs, then this run: the fifth attempt parks it.
      for (let i = 0; i < 4; i++) await recordFailure(item, new Date());
      await recordFailure({ ...item, runId: failedRun.runId }, new Date());
    });
    const details = await app.admin('getRunDetails', { runId: failedRun.runId });
    expect(details.run).toMatchObject({ runId: failedRun.runId, state: 'failed', errors: [{ message: 'qTest (Alpha): The qTest API token was rejected' }] });
    expect(details.connection).toEqual({ id: a, name: 'Alpha', tool: 'qtest' });
    expect(details.failedItems).toHaveLength(1);
    expect(details.failedItems[0]).toMatchObject({ displayId: 'TC-77', issueKey: 'SHOP-9', state: 'parked', cause: 'Jira answered 400', fix: 'Add the field' });
    expect(details.failedItems[0].toolUrl).toBe('https://alpha.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=77');
    expect((await app.admin('getRunDetails', { runId: 'nope' })).error.code).toBe('NOT_FOUND');
  });
});

describe('dry-run plans', () => {
  it('serves the whole plan of a dry run of the demo page by page, beyond the 100 the run record lists', async () => {
    const started = await app.admin('syncNow', { connectionId: 'qtest-demo', dryRun: true });
    expect(started).toMatchObject({ state: 'queued', phase: 'retry', progress: { mapping: 1, mappings: 2 } });
    await app.server.runtime.drain();
    const details = await app.admin('getRunDetails', { runId: started.runId });
    expect(details.run).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES } });
    expect(details.run.phase).toBeUndefined();

    const tail = await app.admin('getPlanPage', { runId: started.runId, kind: 'create', offset: 150, limit: 100 });
    expect(tail).toMatchObject({ total: DEMO_ACTIVE_CASES, offset: 150 });
    expect(tail.items.map((i: any) => i.position)).toEqual(Array.from({ length: 50 }, (_, i) => 150 + i));
    expect(tail.items.every((i: any) => /^TC-\d+: /.test(i.item))).toBe(true);
    const head = await app.admin('getPlanPage', { runId: started.runId, kind: 'create', offset: 0, limit: 100 });
    expect(head.items.map((i: any) => i.item)).toEqual(details.run.planned.create);
    const all = new Set([...head.items, ...(await app.admin('getPlanPage', { runId: started.runId, kind: 'create', offset: 100, limit: 100 })).items].map((i: any) => i.item));
    expect(all.size).toBe(DEMO_ACTIVE_CASES);

    const links = await app.admin('getPlanPage', { runId: started.runId, kind: 'link', offset: 0, limit: 500 });
    expect(links.total).toBeGreaterThan(100);
    expect(links.items).toHaveLength(links.total);
    expect(links.items.every((i: any) => / tests [A-Z]+-\d+$/.test(i.item))).toBe(true);

    const notDry = run('qtest-demo', Date.now());
    await seed([notDry]);
    expect((await app.admin('getPlanPage', { runId: notDry.runId, kind: 'create' })).error.code).toBe('INVALID_INPUT');
  });

  it('keeps a plan of thousands of long items in chunks under the 240 KiB value limit, merging what two invocations wrote', async () => {
    const runId = newRunId(new Date());
    const long = (i: number) => `TC-${i}: ${'Überprüfung "des" Warenkorbs \\ mit Emoji 🚀 '.repeat(20)}`;
    await app.server.runtime.runInInvocation(async () => {
      for (let i = 0; i < 700; i++) recordPlanned(runId, 'create', i, long(i));
      await flushPlans(runId);
    });
    // A later invocation (another process) continues the same chunk.
    await app.server.runtime.runInInvocation(async () => {
      for (let i = 700; i < 1200; i++) recordPlanned(runId, 'create', i, long(i));
      await flushPlans(runId);
    });
    const sizes = await app.server.runtime.runInInvocation(async () => {
      const out: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv().query(`plan:${runId}:`, { cursor });
        out.push(...page.results.map((r) => Buffer.byteLength(JSON.stringify(r.value))));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    });
    expect(sizes).toHaveLength(Math.ceil(1200 / PLAN_CHUNK_ITEMS));
    expect(Math.max(...sizes)).toBeLessThan(240 * 1024);
    const items = await app.server.runtime.runInInvocation(() => readPlan(runId, 'create', 0, 1200, 1200));
    expect(items.filter((i) => i.item)).toHaveLength(1200);
    expect(items[699].item!.startsWith('TC-699: Überprüfung')).toBe(true);
    expect(items[700].item!.startsWith('TC-700: ')).toBe(true);
  });
});
