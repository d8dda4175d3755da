/**
 * The rest of the fault matrix: what real sites and tools do besides failing a write — duplicate and
 * out-of-order delivery, a search index that lags, credentials revoked mid-run, issues deleted in Jira, cases
 * that Jira refuses or that exceed its limits, properties forged by users, tests that are not what a tool
 * says, and an admin's cancel.
 */
import { ConnectorError } from '../../../src/connectors/types';
import { retryFailures, listFailures, MAX_ATTEMPTS } from '../../../src/sync/failures';
import { cancelRun, reapStalledRuns } from '../../../src/sync/run-control';
import { startRun } from '../../../src/sync/engine';
import { convergenceProblems } from '../../support/engine/converged';
import { PROJECT } from '../../support/engine/fake-tool';
import { CONNECTION, createWorld, type World } from '../../support/engine/world';

const sourceKey = (id: string) => `qtest:${CONNECTION}:${PROJECT}:${id}`;

describe('a sync in the real world', () => {
  let w: World;
  afterEach(() => w.close());

  it('creates one issue per case when every event is delivered twice and out of order', async () => {
    w = await createWorld({ duplicateDelivery: true, outOfOrder: true });
    w.tool.pageSize = 1;
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('never duplicates a create whose answer was lost while the search index lags, and converges after the grace', async () => {
    w = await createWorld();
    w.jira.indexLagMs = 10 * 60_000;
    // The first bulk create reaches Jira, but its answer is lost.
    w.jira.fault = { at: 0, mode: 'apply-then-throw', status: 502 };
    const first = await w.sync();
    expect(first?.state).toBe('partial');
    expect(first?.errors.length).toBeGreaterThan(0);
    // A sync straight after: the search does not show the issues yet, and the grace has not passed: nothing is created twice.
    w.advance(60_000);
    await w.sync();
    // They wait under Failed items until the grace has passed.
    expect((await listFailures(CONNECTION)).counts.retrying).toBe(3); // the first page, whose create was lost
    expect([...w.jira.appIssuesBySourceKey().values()].every((list) => list.length === 1)).toBe(true);
    // Past the grace and the lag, the issues are found and adopted.
    w.advance(15 * 60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('ends the run at once, with the cause and the lock released, when the stored credential is damaged', async () => {
    w = await createWorld();
    w.kv.secrets.set('secret:connection:qtest-a', { nonsense: true });
    const run = await w.sync();
    expect(run?.state).toBe('failed');
    expect(run?.errors[0].message).toMatch(/stored credential is damaged; enter it again/);
    expect(w.kv.keys('active:')).toEqual([]);
    expect(w.events).toHaveLength(0);
  });

  it('ends the run with the cause when the credential is revoked mid-run, and converges once it is fixed', async () => {
    w = await createWorld();
    w.tool.pageSize = 2;
    let reads = 0;
    const read = w.tool.readTestCases.bind(w.tool);
    w.tool.readTestCases = async (p, o) => {
      if (++reads === 2) w.tool.revoked = true;
      return read(p, o);
    };
    const run = await w.sync();
    expect(run?.state).toBe('failed');
    expect(run?.errors[run.errors.length - 1].message).toMatch(/qTest A: .*token was rejected/);
    expect(JSON.stringify(run)).not.toContain('token-a');
    w.tool.revoked = false;
    w.advance(60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('leaves a test issue deleted in Jira deleted by default, and creates it again when the mapping says so', async () => {
    w = await createWorld();
    await w.sync();
    const issue = w.jira.appIssuesBySourceKey().get(sourceKey('1'))![0];
    w.jira.deleteIssue(issue.key);
    w.advance(60_000);
    w.tool.addRun('1', 'Failed');
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(run?.warnings.some((m) => m.includes(`${issue.key} (TC-1) was deleted in Jira`))).toBe(true);
    expect(w.jira.appIssuesBySourceKey().get(sourceKey('1'))).toBeUndefined();
    // Deleted tests do not count in coverage any more.
    expect((w.jira.property('SHOP-1', 'testsync-coverage') as { total: number }).total).toBe(0);
    const writes = w.jira.writeLog.length;
    w.advance(60_000);
    await w.sync();
    expect(w.jira.writeLog.length).toBe(writes);

    await w.mapping({ onDeletedInJira: 'recreate' });
    w.advance(60_000);
    w.tool.editCase('1', { name: 'Case 1 again' });
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('creates the neighbours of a case Jira refuses, retries it, parks it after its attempts, and syncs it once retried after the fix', async () => {
    w = await createWorld();
    w.jira.refuseSummary = /^TC-2:/;
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'partial', counts: { created: 4, failed: 1 } });
    expect(run?.errors[0]).toMatchObject({ item: 'TC-2', message: expect.stringContaining('Field is required') });
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      w.advance(2 * 3_600_000);
      await w.sync();
    }
    const parked = await listFailures(CONNECTION);
    expect(parked.items).toEqual([expect.objectContaining({ displayId: 'TC-2', state: 'parked', attempts: MAX_ATTEMPTS, fix: expect.any(String) })]);
    // Parked items are not retried by themselves.
    w.advance(2 * 3_600_000);
    const before = w.jira.writeLog.length;
    await w.sync();
    expect(w.jira.writeLog.length).toBe(before);
    delete w.jira.refuseSummary;
    await retryFailures(CONNECTION, undefined, new Date(w.clock.t));
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('shortens what exceeds Jira limits with a visible note, and drops links that are not http(s)', async () => {
    w = await createWorld({ cases: 0 });
    const steps = Array.from({ length: 10_000 }, (_, i) => ({ index: i + 1, action: `Step ${i + 1} action`, expected: 'ok' }));
    w.tool.addCase('big', [], { name: 'x'.repeat(400), steps, url: 'javascript:alert(1)' });
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 1 } });
    const issue = w.jira.appIssuesBySourceKey().get(sourceKey('big'))![0];
    expect(String(issue.fields.summary)).toHaveLength(255);
    expect(JSON.stringify(issue.fields.description)).toMatch(/Steps \d+ to 10000 of 10000 are not shown/);
    expect(JSON.stringify(issue.fields.description)).not.toContain('javascript:');
    expect(w.jira.remoteLinks.get(issue.id)).toBeUndefined();
    expect((w.jira.property(issue.id, 'testsync') as { url: string }).url).toBe('');
  });

  it('never adopts or writes to an issue whose property was forged, and keeps forged coverage out', async () => {
    w = await createWorld();
    // A user puts a new case's identity on a story, and a failing "test" covering SHOP-1 on another story.
    w.tool.addCase('6', ['SHOP-1']);
    w.jira.userSetsProperty('SHOP-2', 'testsync', { sourceKey: sourceKey('6') });
    w.jira.userSetsProperty('SHOP-3', 'testsync', { sourceKey: 'qtest:x:1:1', covers: ['SHOP-1'], status: 'FAIL', url: 'https://phish.example.com' });
    const run = await w.sync();
    expect(run?.warnings.some((m) => m.startsWith("SHOP-2 carries TestSync's property for TC-6"))).toBe(true);
    expect(w.jira.find('SHOP-2')!.fields.summary).toBe('Story seeded');
    const coverage = w.jira.property('SHOP-1', 'testsync-coverage') as { total: number; tests: { issueKey: string }[] };
    expect(coverage.total).toBe(2);
    expect(coverage.tests.map((t) => t.issueKey)).not.toContain('SHOP-3');
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('annotates only issues that are Test issues of the mapped project, never what another site calls a test', async () => {
    w = await createWorld({ cases: 0 });
    const story = w.jira.find('SHOP-2')!;
    // A tool on another site names SHOP-2's id and key for its test.
    w.tool.addCase('x1', [], { jiraIssue: { id: story.id, key: story.key } });
    const run = await w.sync();
    expect(run?.errors[0]).toMatchObject({ item: 'TC-x1', message: expect.stringMatching(/SHOP-2 is not in the mapped|not an Xray Test/) });
    expect(w.jira.writeLog.filter((x) => x.issue === story.id || x.issue === story.key)).toEqual([]);
  });

  it('links unchanged cases when requirement links are turned on, and unlinks what the tool no longer names', async () => {
    w = await createWorld();
    await w.mapping({ syncRequirementLinks: false });
    await w.sync();
    expect(w.jira.links).toHaveLength(0);
    await w.mapping({ syncRequirementLinks: true });
    w.advance(60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
    w.advance(60_000);
    w.tool.editCase('1', { requirementKeys: [] });
    await w.sync();
    expect(w.jira.links.some((l) => l.outward === 'SHOP-1')).toBe(false);
    expect((w.jira.property('SHOP-1', 'testsync-coverage') as { total: number }).total).toBe(0);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('lets an admin cancel a queued run, which frees the connection for the next sync', async () => {
    w = await createWorld();
    const run = await startRun(CONNECTION, 'manual', false, { queue: w.deps.queue, now: new Date(w.clock.t) });
    expect(await cancelRun(run.runId, new Date(w.clock.t))).toMatchObject({ outcome: 'cancelled' });
    await w.drain();
    expect((await w.runs()).find((r) => r.runId === run.runId)).toMatchObject({ state: 'cancelled' });
    expect(await w.sync()).toMatchObject({ state: 'succeeded' });
  });

  it('resumes a run whose events were lost, and ends it with the cause when it keeps stalling', async () => {
    w = await createWorld();
    const run = await startRun(CONNECTION, 'manual', false, { queue: w.deps.queue, now: new Date(w.clock.t) });
    for (let i = 0; i < 3; i++) {
      w.events.length = 0;
      w.advance(15 * 60_000);
      await reapStalledRuns(new Date(w.clock.t), w.deps.queue);
    }
    w.events.length = 0;
    w.advance(15 * 60_000);
    expect(await reapStalledRuns(new Date(w.clock.t), w.deps.queue)).toMatchObject({ ended: [run.runId] });
    const ended = (await w.runs()).find((r) => r.runId === run.runId)!;
    expect(ended.state).toBe('failed');
    expect(ended.errors[0].message).toMatch(/stopped progressing/);
    expect(ended.resumes).toBe(3);
    expect(ended.warnings.some((m) => /resumed from where it had saved/.test(m))).toBe(true);
    expect(w.kv.keys('active:')).toEqual([]);
  });
});

describe('cases deleted in the tool', () => {
  let w: World;
  afterEach(() => w.close());

  it('keeps the issue, marks it DELETED_IN_SOURCE with a label, drops it from coverage, and brings it back when the case returns', async () => {
    w = await createWorld();
    await w.sync();
    const issue = w.jira.appIssuesBySourceKey().get(sourceKey('1'))![0];
    const tc = w.tool.cases.get('1')!;
    w.tool.cases.delete('1');
    // Deletions are looked for at most hourly.
    w.advance(61 * 60_000);
    const run = await w.sync();
    expect(run?.warnings.some((m) => m.startsWith(`TC-1 was deleted in qTest; ${issue.key} is kept, marked DELETED_IN_SOURCE`))).toBe(true);
    expect(w.jira.find(issue.key)).toBeDefined();
    expect(w.jira.property(issue.id, 'testsync')).toMatchObject({ status: 'DELETED_IN_SOURCE' });
    expect(w.jira.find(issue.key)!.fields.labels).toContain('testsync-deleted-in-source');
    expect((w.jira.property('SHOP-1', 'testsync-coverage') as { total: number }).total).toBe(0);
    // Restored in the tool: the same issue is live again.
    w.advance(61 * 60_000);
    w.tool.cases.set('1', { ...tc, updatedAt: new Date(w.clock.t).toISOString() });
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
    expect(w.jira.appIssuesBySourceKey().get(sourceKey('1'))![0].key).toBe(issue.key);
  });
});

describe('the deletion scan', () => {
  let w: World;
  afterEach(() => w.close());

  it('is not made by a first sync that outlasts the interval (its full read saw every case), and is made by the next sync due', async () => {
    w = await createWorld();
    const read = w.tool.readRuns.bind(w.tool);
    let first = true;
    w.tool.readRuns = async (p, o) => {
      // Reading the runs of a first sync of thousands of tests takes hours.
      if (first) w.advance(3 * 3_600_000);
      first = false;
      return read(p, o);
    };
    expect((await w.sync())?.state).toBe('succeeded');
    expect(w.tool.idLists).toBe(0);
    w.advance(60_000);
    await w.sync();
    expect(w.tool.idLists).toBe(1);
    // Once a run: the next sync within the hour does not list the ids again.
    w.advance(60_000);
    await w.sync();
    expect(w.tool.idLists).toBe(1);
  });
});

describe('answers the sync cannot read', () => {
  let w: World;
  afterEach(() => w.close());

  it('files a record it cannot read under Failed items, naming the endpoint and field, and syncs the rest of its page', async () => {
    w = await createWorld();
    const read = w.tool.readTestCases.bind(w.tool);
    w.tool.readTestCases = async (p, o) => {
      const page = await read(p, o);
      return o.cursor ? page : { ...page, unreadable: [{ externalId: '9', displayId: 'TC-9', endpoint: 'POST /api/v3/projects/101/search', field: 'items[3].name', message: 'is missing' }] };
    };
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'partial', counts: { created: 5, failed: 1 } });
    expect(run?.errors[0].message).toBe('qTest answered POST /api/v3/projects/101/search with TC-9 in a shape TestSync cannot read: items[3].name is missing');
    expect((await listFailures(CONNECTION)).items).toEqual([expect.objectContaining({ displayId: 'TC-9', state: 'retrying' })]);
  });

  it('sets a page it cannot read aside, goes on with the rest, and reads it again on the next sync', async () => {
    w = await createWorld();
    w.tool.pageSize = 2;
    const read = w.tool.readTestCases.bind(w.tool);
    let broken = true;
    w.tool.readTestCases = async (p, o) => {
      if (broken && o.cursor === '2') throw new ConnectorError('UNEXPECTED_RESPONSE', 'qTest answered in an unexpected shape', { endpoint: 'POST /api/v3/projects/101/search', field: 'links' });
      return read(p, o);
    };
    const run = await w.sync();
    expect(run?.state).toBe('partial');
    expect(run?.errors[0].message).toMatch(/^qTest answered a page of test cases of project Shop in a shape TestSync cannot read \(POST \/api\/v3\/projects\/101\/search, field links\)/);
    // The runs phase and coverage still ran: the first page's cases have their results.
    expect(w.jira.appIssuesBySourceKey().size).toBe(2);
    expect((w.jira.property(w.jira.appIssuesBySourceKey().get(sourceKey('1'))![0].id, 'testsync') as { status: string }).status).toBe('PASS');
    broken = false;
    w.advance(60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('syncs the runs gathered before a page of runs it cannot read, sets that page aside, and reads it again on the next sync', async () => {
    w = await createWorld();
    w.tool.pageSize = 1;
    const read = w.tool.readRuns.bind(w.tool);
    let broken = true;
    w.tool.readRuns = async (p, o) => {
      if (broken && o.cursor === '1') throw new ConnectorError('UNEXPECTED_RESPONSE', 'qTest answered in an unexpected shape', { endpoint: 'POST /api/v3/projects/101/search', field: 'items[0].status' });
      return read(p, o);
    };
    const run = await w.sync();
    expect(run?.state).toBe('partial');
    expect(run?.errors[0].message).toMatch(/^qTest answered a page of test runs of project Shop in a shape TestSync cannot read/);
    // The first page's run (case 1, Passed) was gathered before the broken page and reached Jira.
    expect((w.jira.property(w.jira.appIssuesBySourceKey().get(sourceKey('1'))![0].id, 'testsync') as { status: string }).status).toBe('PASS');
    broken = false;
    w.advance(60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });
});
