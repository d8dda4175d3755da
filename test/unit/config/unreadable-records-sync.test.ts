/**
 * A sync over storage that holds records it cannot read, and records of an earlier release, on the engine's
 * in-memory ports: it completes, says which record and which field, never creates a second issue for a test, and
 * converges on the next sync.
 */
import { saveStatusOverrides } from '../../../src/config/status-mappings';
import { convergenceProblems } from '../../support/engine/converged';
import { CONNECTION, createWorld, type World } from '../../support/engine/world';
import { PROJECT } from '../../support/engine/fake-tool';

type StoredItem = { issueId: string; issueKey: string; propertyHash: string; property: { sourceKey: string; status: string; name: string } };

const sourceKey = (caseId: string) => `qtest:${CONNECTION}:${PROJECT}:${caseId}`;
const itemKey = (caseId: string) => `item:${sourceKey(caseId)}`;

describe('a sync meeting stored records it cannot read', () => {
  let w: World;
  beforeEach(async () => {
    w = await createWorld();
    await w.sync();
    w.advance(60_000);
  });
  afterEach(() => w.close());

  const item = (caseId: string) => w.kv.values.get(itemKey(caseId))!.value as StoredItem;
  const damage = (caseId: string) => {
    const record = item(caseId);
    w.kv.values.set(itemKey(caseId), { value: { ...record, property: { ...record.property, status: 'GREEN' } } });
    return record;
  };

  it('sets a damaged item record aside when its runs are synced, and the next sync finds its issue instead of creating one', async () => {
    const before = damage('2');
    w.tool.addRun('2', 'Passed');
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(run?.warnings).toContainEqual(expect.stringMatching(new RegExp(`^Stored record ${itemKey('2')} could not be read \\(property\\.status: Invalid option`)));
    expect(w.kv.keys('item:')).not.toContain(itemKey('2'));
    expect(w.kv.values.get(`quarantine:${itemKey('2')}`)?.value).toMatchObject({ key: itemKey('2'), kind: 'item', problem: expect.stringContaining('property.status') });
    // The test waits in Failed items to be read again, with why.
    expect(w.kv.values.get(`failure:${CONNECTION}:${sourceKey('2')}`)?.value).toMatchObject({ state: 'retrying', attempts: 0, displayId: 'TC-2', issueKey: before.issueKey });

    w.advance(60_000);
    const next = await w.sync();
    expect(next).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(next?.warnings).toContainEqual(expect.stringMatching(`^Recovered ${before.issueKey} for TC-2 from Jira`));
    expect(item('2')).toMatchObject({ issueId: before.issueId, property: { status: 'PASS' } });
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('sets a damaged item record aside when its case changed, and finds its issue in the same sync', async () => {
    const before = damage('4');
    w.tool.editCase('4', { name: 'Checkout with a voucher' });
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(run?.warnings.filter((m) => m.startsWith(`Stored record ${itemKey('4')}`))).toHaveLength(1);
    expect(item('4')).toMatchObject({ issueId: before.issueId, property: { name: 'Checkout with a voucher' } });
    w.advance(60_000);
    await w.sync();
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('only skips a damaged record in a dry run, which moves nothing', async () => {
    damage('2');
    w.tool.addRun('2', 'Failed');
    const run = await w.sync({ dryRun: true });
    expect(run?.state).toBe('succeeded');
    expect(run?.warnings).toContainEqual(expect.stringMatching(`^Stored record ${itemKey('2')} could not be read \\(property.status: .*\\); it is skipped\\.$`));
    expect(w.kv.keys('quarantine:')).toEqual([]);
    expect(w.kv.keys('failure:')).toEqual([]);
  });

  it("writes a test an earlier release's one-test marker names (a dirty marker of version 1)", async () => {
    // The earlier release stored the test's latest result, marked it the way it marked tests, and stopped before
    // writing it to Jira: Jira still has what it was given before.
    const record = item('1');
    const stale = { ...(w.jira.property(record.issueId, 'testsync') as object), status: 'BLOCKED' };
    w.jira.userSetsProperty(record.issueKey, 'testsync', stale);
    w.kv.values.set(itemKey('1'), { value: { ...record, propertyHash: 'written-before' } });
    w.kv.values.set(`dirty:${CONNECTION}:000000001-legacy`, { value: { sourceKey: sourceKey('1') } });
    const run = await w.sync();
    expect(run?.warnings.filter((m) => m.startsWith('Stored record'))).toEqual([]);
    expect(w.jira.property(record.issueId, 'testsync')).toMatchObject({ status: 'PASS' });
    expect(w.kv.keys('dirty:')).toEqual([]);
    expect(w.kv.keys('quarantine:')).toEqual([]);
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('keeps the tests of a damaged coverage entry and counts them from their records', async () => {
    const key = `cov:SHOP-1:${CONNECTION}`;
    const entry = w.kv.values.get(key)!.value as { sourceKeys: string[]; views: Record<string, { status: string }> };
    w.kv.values.set(key, { value: { ...entry, views: { [sourceKey('1')]: { status: 'GREEN' } } } });
    w.tool.addRun('1', 'Failed');
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(run?.warnings).toContainEqual(expect.stringMatching(`^Stored record ${key} could not be read .*; what could be read of it was kept`));
    expect(w.jira.property('SHOP-1', 'testsync-coverage')).toMatchObject({ total: 1, failing: 1 });
    expect(await convergenceProblems(w)).toEqual([]);
  });

  it('still re-counts the synced results when the request to re-count them is damaged', async () => {
    await saveStatusOverrides(CONNECTION, { Passed: 'BLOCKED' }, new Date(w.clock.t));
    w.kv.values.set(`remap:${CONNECTION}`, { value: { since: 42 } });
    const run = await w.sync();
    expect(run?.warnings).toContainEqual(expect.stringMatching(`^Stored record remap:${CONNECTION} could not be read \\(since: .*\\); what could be read of it was kept`));
    expect(w.jira.property(item('1').issueId, 'testsync')).toMatchObject({ status: 'BLOCKED' });
    expect(w.kv.keys('remap:')).toEqual([]);
  });

  it('leaves a test whose record a newer release wrote to that release: neither synced, created again, nor written over', async () => {
    const newer = { ...item('4'), v: 2, placement: { board: 'B-7' } };
    w.kv.values.set(itemKey('4'), { value: newer });
    w.tool.editCase('4', { name: 'Renamed while rolled back' });
    w.tool.addRun('4', 'Failed');
    const run = await w.sync();
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(run?.warnings).toContainEqual(
      `Stored record ${itemKey('4')} was written by a newer release of TestSync (record version 2; this release reads up to version 1); it is left unchanged and skipped.`,
    );
    expect(w.kv.values.get(itemKey('4'))?.value).toEqual(newer);
    expect(w.jira.appIssuesBySourceKey().get(sourceKey('4'))).toHaveLength(1);
    expect(w.jira.find(newer.issueKey)?.fields.summary).not.toContain('Renamed while rolled back');
    expect(w.kv.keys('quarantine:')).toEqual([]);
  });
});
