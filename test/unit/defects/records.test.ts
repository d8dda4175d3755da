/**
 * Bugs from failed tests in storage: one record per test and bug, newest first, the first record of a bug standing
 * when it is recorded again, a bounded number per test and per requirement, and damaged records left out.
 */
import { useKv } from '../../../src/platform/kv';
import { BUGS_PER_REQUIREMENT, BUGS_PER_TEST, bugsOfRequirement, bugsOfTest, recordBug, type BugRecord } from '../../../src/defects/records';
import { linkOptions, bugLinkSettingView, saveBugLinkSetting } from '../../../src/defects/link-setting';
import { MemoryKv } from '../../support/engine/memory-kv';

let kv: MemoryKv;
let restore: () => void;
beforeEach(() => {
  kv = new MemoryKv(() => Date.now());
  restore = useKv(kv);
});
afterEach(() => restore());

const record = (bugId: number, over: Partial<BugRecord> = {}): BugRecord => ({
  v: 1,
  bugIssueId: String(bugId),
  bugKey: `SHOP-${bugId - 10000}`,
  testIssueId: '10020',
  testIssueKey: 'SHOP-21',
  sourceKey: 'qtest:qtest-demo:101:3',
  runId: '5001:9001',
  run: { status: 'FAIL', rawStatus: 'Failed', executedAt: '2026-11-19T14:03:27.000Z', cycle: 'Release 3.2', environment: 'Chrome' },
  requirementKeys: ['SHOP-1'],
  linkType: 'Blocks',
  createdBy: 'demo-tester',
  createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0, bugId % 60)).toISOString(),
  ...over,
});

describe('bug records', () => {
  it('lists a test’s bugs and a requirement’s newest first', async () => {
    await recordBug(record(10100));
    await recordBug(record(10250));
    await recordBug(record(10099, { requirementKeys: ['SHOP-2'] }));
    expect((await bugsOfTest('10020')).map((b) => b.bugKey)).toEqual(['SHOP-250', 'SHOP-100', 'SHOP-99']);
    expect((await bugsOfRequirement('SHOP-1')).map((b) => b.bugIssueId)).toEqual(['10250', '10100']);
    expect(await bugsOfRequirement('SHOP-2')).toEqual([{ bugIssueId: '10099', testIssueId: '10020', testIssueKey: 'SHOP-21', createdAt: record(10099).createdAt }]);
    expect(await bugsOfTest('10021')).toEqual([]);
  });

  it('keeps the first record of a bug recorded twice, and writes nothing the second time', async () => {
    const first = await recordBug(record(10100));
    const writes = kv.writes;
    const again = await recordBug(record(10100, { createdBy: 'demo-admin', createdAt: '2026-12-01T00:00:00.000Z', requirementKeys: ['SHOP-1', 'SHOP-3'] }));
    expect(first.existed).toBe(false);
    expect(again).toEqual({ record: first.record, existed: true });
    // The refused `set` is the only write attempted.
    expect(kv.writes - writes).toBe(1);
    expect(await bugsOfRequirement('SHOP-3')).toEqual([]);
    expect((await bugsOfTest('10020')).map((b) => b.createdBy)).toEqual(['demo-tester']);
  });

  it(`keeps a test’s newest ${BUGS_PER_TEST} bugs and a requirement’s newest ${BUGS_PER_REQUIREMENT}`, async () => {
    for (let i = 0; i < BUGS_PER_TEST + 3; i++) await recordBug(record(20000 + i));
    const kept = await bugsOfTest('10020');
    expect(kept).toHaveLength(BUGS_PER_TEST);
    expect(kept[0].bugIssueId).toBe(String(20000 + BUGS_PER_TEST + 2));
    expect(kept[kept.length - 1].bugIssueId).toBe('20003');
    for (let i = 0; i < BUGS_PER_REQUIREMENT; i++) await recordBug(record(30000 + i, { testIssueId: String(40000 + i) }));
    const underStory = await bugsOfRequirement('SHOP-1');
    expect(underStory).toHaveLength(BUGS_PER_REQUIREMENT);
    expect(underStory[0].bugIssueId).toBe(String(30000 + BUGS_PER_REQUIREMENT - 1));
    expect(underStory.some((b) => b.bugIssueId.startsWith('2'))).toBe(false);
  });

  it('leaves out a record that cannot be read, and refuses to store one that is not valid', async () => {
    await recordBug(record(10100));
    await recordBug(record(10101));
    const [key] = [...kv.values.keys()].filter((k) => k.startsWith('bug:t:10020:')).sort();
    kv.values.set(key, { value: { v: 1, bugKey: 'damaged' } });
    expect((await bugsOfTest('10020')).map((b) => b.bugIssueId)).toEqual(['10100']);
    await expect(recordBug({ ...record(10102), bugIssueId: 'SHOP-5' })).rejects.toThrow();
  });
});

describe('bug link setting', () => {
  const types = [
    { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
    { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
    { id: '10004', name: 'Test', inward: 'is tested by', outward: 'tests' },
  ];

  it('offers each link type once per description, a symmetric one once, never the tests link type', () => {
    expect(linkOptions(types).map((o) => o.label)).toEqual([
      'Bug blocks the test and its requirements (Blocks)',
      'Bug is blocked by the test and its requirements (Blocks)',
      'Bug relates to the test and its requirements (Relates)',
    ]);
  });

  it('uses "Blocks" with the bug blocking until an admin chooses, then the choice while its type exists', async () => {
    expect(await bugLinkSettingView(types)).toMatchObject({ isDefault: true, current: { linkType: 'Blocks', bugSide: 'outward' } });
    expect(await bugLinkSettingView(types.slice(1))).toMatchObject({ isDefault: true, current: { linkType: 'Relates' } });
    expect(await saveBugLinkSetting({ linkType: 'relates', bugSide: 'outward' }, types, 'demo-admin')).toMatchObject({ linkType: 'Relates' });
    expect(await bugLinkSettingView(types)).toMatchObject({ isDefault: false, current: { linkType: 'Relates', bugSide: 'outward' } });
    expect(await saveBugLinkSetting({ linkType: 'Causes', bugSide: 'outward' }, types, 'demo-admin')).toBeUndefined();
    // The chosen type was removed from the site: the default again.
    expect(await bugLinkSettingView([types[0]])).toMatchObject({ isDefault: true, current: { linkType: 'Blocks' } });
  });
});
