/**
 * The engine on in-memory ports: a first sync, a no-change sync, an incremental change.
 */
import { convergenceProblems } from '../../support/engine/converged';
import { CONNECTION, createWorld, type World } from '../../support/engine/world';
import { JiraError } from '../../../src/jira/client';
import { useLogSink } from '../../../src/platform/log';

describe('sync engine on in-memory ports', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
  });
  afterEach(() => w.close());

  it('creates one issue per case with its result, links and coverage, and ends the run', async () => {
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 5, failed: 0 } });
    expect(await convergenceProblems(w)).toEqual([]);
    // Reading every case has just listed them all: no separate scan for deleted ones.
    expect(w.tool.idLists).toBe(0);
  });

  it('logs each step it ends: its outcome, units, time against the budget and which unit ran longest', async () => {
    const lines: string[] = [];
    const restore = useLogSink((_level, line) => void lines.push(line));
    try {
      // A budget so short that each step does one unit and continues.
      w.deps.budgetMs = 1;
      const run = await w.sync();
      expect(run?.state).toBe('succeeded');
    } finally {
      restore();
    }
    const ended = lines.filter((l) => l.includes('"event":"step-ended"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ended.length).toBe(w.steps.length);
    expect(ended.slice(0, -1).every((e) => e.outcome === 'continued' && e.units === 1 && e.budgetMs === 1)).toBe(true);
    expect(ended[ended.length - 1]).toMatchObject({ outcome: 'done', connection: CONNECTION });
    const phases = new Set(ended.map((e) => (e.longestUnit as { phase: string }).phase));
    expect([...phases]).toEqual(expect.arrayContaining(['cases', 'runs', 'coverage']));
  });

  it('writes nothing to Jira when nothing changed', async () => {
    await w.sync();
    const writes = w.jira.writeLog.length;
    w.advance(60_000);
    const run = await w.sync();
    // The tool answers "modified at or after" the checkpoint: the cases at exactly that time come back and are
    // skipped, not synced again.
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 0, unchanged: 0, failed: 0 } });
    expect(w.jira.writeLog.length).toBe(writes);
  });

  it('brings a changed case and a new run to Jira on the next sync', async () => {
    await w.sync();
    w.advance(60_000);
    w.tool.editCase('4', { name: 'Renamed' });
    w.tool.addRun('3', 'Passed');
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('edits a changed case with one write and puts its new property in the bulk write of the run, counted once', async () => {
    await w.sync();
    w.advance(60_000);
    w.tool.editCase('4', { name: 'Renamed' });
    w.tool.addRun('4', 'Failed');
    const before = w.jira.writeLog.length;
    const run = await w.sync();
    const writes = w.jira.writeLog.slice(before).map((x) => x.op);
    expect(run).toMatchObject({ state: 'succeeded', counts: { updated: 1, created: 0 } });
    expect(writes.filter((op) => op.startsWith('property:'))).toEqual([]);
    expect(writes.filter((op) => op.startsWith('properties:'))).toHaveLength(1);
    expect(writes.filter((op) => op === 'edit')).toHaveLength(1);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it("stores each test's results once for runs that arrive spread over many small pages", async () => {
    await w.sync();
    w.advance(60_000);
    // 60 new runs, each page of 3 holding runs of three different tests.
    for (let i = 0; i < 60; i++) {
      w.advance(1000);
      w.tool.addRun(String((i % 5) + 1), i % 2 ? 'Passed' : 'Failed');
    }
    const itemWrites: string[] = [];
    const setMany = w.kv.setMany.bind(w.kv);
    w.kv.setMany = async (entries) => {
      for (const e of entries) if (e.key.startsWith('item:')) itemWrites.push(e.key);
      return setMany(entries);
    };
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { failed: 0 } });
    // Each test's record: once with its new results, once when its property has reached Jira.
    expect(itemWrites.length).toBe(10);
    expect(new Set(itemWrites).size).toBe(5);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('writes the properties one by one when a bulk property write fails, and says so once in the run', async () => {
    const bulk = w.jira.setProperties.bind(w.jira);
    w.jira.setProperties = async () => {
      throw new (await import('../../../src/jira/client')).JiraError(502, 'Jira accepted a bulk property update but gave no task to follow', undefined);
    };
    const run = await w.sync();
    w.jira.setProperties = bulk;
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 5, failed: 0 } });
    expect(run?.warnings.filter((m) => m.startsWith("Jira's bulk property update failed (Jira accepted a bulk property update but gave no task to follow)"))).toHaveLength(1);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it("writes a test marked for writing by an earlier release's one-test marker", async () => {
    await w.sync();
    const key = w.kv.keys('item:')[0];
    const item = w.kv.values.get(key)!.value as { issueId: string; property: { sourceKey: string; status: string } };
    // Stored with a result Jira has not been given yet, and marked the way earlier releases marked it.
    item.property.status = 'BLOCKED';
    w.kv.values.set(key, { value: item });
    w.kv.values.set(`dirty:${CONNECTION}:${item.property.sourceKey.replace(/[^A-Za-z0-9:._-]/g, '_')}`, { value: { sourceKey: item.property.sourceKey, status: 'PASS' } });
    w.advance(60_000);
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(w.jira.property(item.issueId, 'testsync')).toMatchObject({ status: 'BLOCKED' });
    expect(w.kv.keys('dirty:')).toEqual([]);
  });
});

describe('readiness follows a story whose fix version was edited in Jira', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
  });
  afterEach(() => w.close());

  it('looks for edited stories at most hourly and recomputes their coverage with the new fix version', async () => {
    await w.sync();
    const story = 'SHOP-1';
    const coverage = () => w.jira.property(story, 'testsync-coverage') as { readiness?: string; readinessVersions?: string[] } | undefined;
    expect(coverage()?.readinessVersions).toBeUndefined();
    // A user moves the story into release 3.2, where none of its tests ran: it is not ready there.
    w.advance(10 * 60_000);
    w.jira.userEditsFields(story, { fixVersions: ['3.2'] });
    w.advance(5 * 60_000);
    await w.sync();
    // Not an hour since the first look: not looked for yet.
    expect(coverage()?.readinessVersions).toBeUndefined();
    w.advance(60 * 60_000);
    await w.sync();
    expect(coverage()).toMatchObject({ readiness: 'NOTRUN', readinessVersions: ['3.2'] });
  });

  const coverageOf = (story: string) => w.jira.property(story, 'testsync-coverage') as { readinessVersions?: string[] } | undefined;

  /** A first sync; an hour later (the look is due) a user moves SHOP-1 into release 3.2. */
  async function syncThenEditAnHourLater(): Promise<void> {
    await w.sync();
    w.advance(61 * 60_000);
    w.jira.userEditsFields('SHOP-1', { fixVersions: ['3.2'] });
  }

  /** Jira's search for edited requirements answered by `stub` (given the real search) until the restore it answers is called. */
  function searchAnswers(stub: (search: (minutes: number) => Promise<string[]>, minutes: number) => Promise<string[]>): () => void {
    const search = w.jira.coveredIssuesUpdatedWithin.bind(w.jira);
    w.jira.coveredIssuesUpdatedWithin = (minutes: number) => stub(search, minutes);
    return () => {
      w.jira.coveredIssuesUpdatedWithin = search;
    };
  }

  it('finds an edit the search index had not caught up with at the look before, by the overlap of the next look', async () => {
    await w.sync();
    w.jira.indexLagMs = 10 * 60_000;
    w.advance(59 * 60_000);
    w.jira.userEditsFields('SHOP-1', { fixVersions: ['3.2'] });
    w.advance(60_000);
    // The look is due, but the index does not show the edit yet.
    await w.sync();
    expect(coverageOf('SHOP-1')?.readinessVersions).toBeUndefined();
    w.advance(61 * 60_000);
    await w.sync();
    expect(coverageOf('SHOP-1')?.readinessVersions).toEqual(['3.2']);
  });

  it('goes on with coverage when the search fails, says so in the run, and looks again at the next sync', async () => {
    await syncThenEditAnHourLater();
    const restore = searchAnswers(async () => {
      throw new JiraError(503, 'Jira answered 503', undefined);
    });
    w.tool.addRun('3', 'Failed');
    const failed = await w.sync();
    expect(failed).toMatchObject({ state: 'succeeded' });
    expect(failed?.warnings).toContainEqual(expect.stringMatching(/^Requirements edited in Jira could not be looked for \(Jira answered 503\); the next sync looks again\.$/));
    // The new result reached the coverage anyway; the edit waits for the next look.
    expect(coverageOf('SHOP-1')?.readinessVersions).toBeUndefined();
    restore();
    w.advance(60_000);
    expect((await w.sync())?.warnings).toEqual([]);
    expect(coverageOf('SHOP-1')?.readinessVersions).toEqual(['3.2']);
  });

  it('recomputes the edited story when the process died between marking it and moving the look on', async () => {
    await syncThenEditAnHourLater();
    // The process dies at the write that moves the look on: the marks are written, the look is not.
    const set = w.kv.set.bind(w.kv);
    w.kv.set = async (key, value, opts) => {
      if (key.startsWith('editscan:') && !w.kv.fault) w.kv.fault = { at: w.kv.writes, mode: 'hang' };
      return set(key, value, opts);
    };
    await w.sync();
    expect(w.kv.fault).toBeDefined();
    expect(coverageOf('SHOP-1')?.readinessVersions).toBeUndefined();
    w.kv.set = set;
    await w.restart();
    expect(coverageOf('SHOP-1')?.readinessVersions).toEqual(['3.2']);
  });

  it("waits out Jira's rate limit on the search like any other Jira call, and then looks", async () => {
    await syncThenEditAnHourLater();
    let limited = 0;
    searchAnswers(async (search, minutes) => {
      if (limited++ === 0) throw new JiraError(429, 'Jira answered 429', undefined, 30);
      return search(minutes);
    });
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded' });
    expect(limited).toBe(2);
    expect(run?.warnings.filter((x) => /could not be looked for/.test(x))).toEqual([]);
    expect(coverageOf('SHOP-1')?.readinessVersions).toEqual(['3.2']);
  });
});

describe('a mapping saved while its re-count runs', () => {
  it('is re-counted by the next sync: the re-count clears only the request it started from', async () => {
    const { clearRemap, remapPending, requestRemap } = await import('../../../src/config/status-mappings');
    const w = await createWorld();
    try {
      await requestRemap(CONNECTION, new Date('2026-11-02T10:00:00Z'));
      const asked = (await remapPending(CONNECTION))!;
      // The admin saves again while the re-count of the first request runs.
      await requestRemap(CONNECTION, new Date('2026-11-02T10:00:05Z'));
      await clearRemap(CONNECTION, asked);
      expect(await remapPending(CONNECTION)).toBe('2026-11-02T10:00:05.000Z');
      await clearRemap(CONNECTION, '2026-11-02T10:00:05.000Z');
      expect(await remapPending(CONNECTION)).toBeUndefined();
    } finally {
      w.close();
    }
  });
});
