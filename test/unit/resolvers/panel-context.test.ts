/** The panel's list in a version: every covering test by its result there, and the story's readiness in it. */
import type { CanonicalStatus } from '../../../src/domain/model';
import type { ResultEntry } from '../../../src/domain/results';
import { openDefectKeys } from '../../../src/jira/defects';
import type { RequirementDefect } from '../../../src/domain/readiness';
import { facetsOf, pageOf, panelRow, readinessIn, toolDefectRefs, type VisibleTest } from '../../../src/resolvers/panel-list';
import type { ItemRecord } from '../../../src/sync/item-index';
import { buildTestProperty, withRuns } from '../../../src/sync/test-property';

const run = (runId: string, status: CanonicalStatus, day: number, version: string, environment: string): ResultEntry => ({
  runId,
  status,
  rawStatus: status.toLowerCase(),
  executedAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00Z`,
  version,
  environment,
  cycle: `Cycle ${version}`,
});

function visibleTest(n: number, runs: ResultEntry[]): VisibleTest {
  const tc = { tool: 'qtest' as const, projectId: '1', externalId: String(n), displayId: `TC-${n}`, name: `Test ${n}`, steps: [], labels: [], url: `https://demo.qtestnet.com/tc/${n}`, updatedAt: '2026-01-01T00:00:00Z', requirementKeys: ['SHOP-1'] };
  const property = withRuns(buildTestProperty(`qtest:c1:1:${n}`, 'c1', tc, [], ['SHOP-1']), runs);
  const item: ItemRecord = { issueId: String(100 + n), issueKey: `SHOP-${100 + n}`, contentHash: '', propertyHash: '', property, links: ['SHOP-1'] };
  return { item, row: panelRow(item) };
}

// Test 1 failed in 3.2 on staging, then passed in 3.2 on production (its latest result); test 2 passed in 3.2
// everywhere; test 3 ran only in 3.1.
const tests = [
  visibleTest(1, [run('a', 'PASS', 1, '3.1', 'staging'), run('b', 'FAIL', 10, '3.2', 'staging'), run('c', 'PASS', 12, '3.2', 'production')]),
  visibleTest(2, [run('d', 'PASS', 11, '3.2', 'staging'), run('e', 'PASS', 11, '3.2', 'production')]),
  visibleTest(3, [run('f', 'PASS', 2, '3.1', 'production')]),
];

describe('the panel in a version', () => {
  it('by the latest results, every test passes', () => {
    expect(tests.map((t) => t.row.status)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(readinessIn(tests, {}).status).toBe('PASS');
  });

  it('in 3.2 lists every covering test by its result there, a test that did not run there as not run', () => {
    const page = pageOf(tests, { version: '3.2' }, 0, 20);
    expect(page.tests.map((t) => [t.displayId, t.status, t.environment])).toEqual([
      ['TC-1', 'FAIL', 'staging'],
      ['TC-3', 'NOT_RUN', undefined],
      ['TC-2', 'PASS', expect.any(String)],
    ]);
    expect(readinessIn(tests, { version: '3.2' })).toMatchObject({ status: 'FAIL', label: 'Failing', version: '3.2' });
  });

  it('is failing in 3.2 on staging and not failing in 3.2 on production', () => {
    expect(readinessIn(tests, { version: '3.2', environment: 'staging' }).status).toBe('FAIL');
    expect(readinessIn(tests, { version: '3.2', environment: 'production' }).status).toBe('PARTIAL');
    expect(readinessIn(tests.slice(0, 2), { version: '3.2', environment: 'production' }).status).toBe('PASS');
    expect(readinessIn(tests, { version: '3.1' }).status).toBe('PARTIAL');
  });

  it('a tool or status filter narrows the list but not the readiness', () => {
    expect(pageOf(tests, { version: '3.2', status: 'FAIL' }, 0, 20).total).toBe(1);
    expect(readinessIn(tests, { version: '3.2', status: 'PASS', tool: 'xray' }).status).toBe('FAIL');
  });

  it('offers the versions the tests ran in, most recently run first', () => {
    expect(facetsOf(tests).versions).toEqual([
      { name: '3.2', count: 2 },
      { name: '3.1', count: 2 },
    ]);
  });
});

describe('open defects', () => {
  const linked = (key: string, open = true): RequirementDefect => ({ key, summary: `Bug ${key}`, status: open ? 'To Do' : 'Done', open, links: [{ in: 'jira' }] });

  it('an open bug linked to the story blocks it, and says which', () => {
    const readiness = readinessIn(tests.slice(0, 2), { version: '3.2', environment: 'production' }, [linked('SHOP-40')]);
    expect(readiness).toMatchObject({ status: 'BLOCKED', openDefects: ['SHOP-40'], defects: [linked('SHOP-40')] });
    expect(readiness.how).toMatch(/^An open defect blocks it \(SHOP-40\)\./);
    const failing = readinessIn(tests, { version: '3.2' }, [linked('SHOP-40'), linked('SHOP-41')]);
    expect(failing.status).toBe('FAIL');
    expect(failing.how).toMatch(/^2 open defects are linked to it \(SHOP-40, SHOP-41\)\./);
    // A done one is listed and blocks nothing.
    expect(readinessIn(tests.slice(0, 2), { version: '3.2', environment: 'production' }, [linked('SHOP-42', false)])).toMatchObject({ status: 'PASS', defects: [linked('SHOP-42', false)] });
  });

  it("an open defect a tool links to a covering test's latest run in the context blocks it there, and says where", () => {
    const withDefect = (runs: ResultEntry[]) => runs.map((r) => (r.runId === 'c' ? { ...r, defects: ['OPS-1'] } : r));
    const shown = [visibleTest(1, withDefect([run('a', 'PASS', 1, '3.1', 'staging'), run('b', 'FAIL', 10, '3.2', 'staging'), run('c', 'PASS', 12, '3.2', 'production')])), tests[1]];
    // The defect is on test 1's latest run in 3.2 on production (its latest run), not on its run on staging.
    expect(toolDefectRefs(shown, { version: '3.2', environment: 'production' })).toEqual([{ ref: 'OPS-1', link: { in: 'qtest', test: 'SHOP-101' } }]);
    expect(toolDefectRefs(shown, { version: '3.2' })).toEqual([{ ref: 'OPS-1', link: { in: 'qtest', test: 'SHOP-101' } }]);
    expect(toolDefectRefs(shown, {})).toEqual([{ ref: 'OPS-1', link: { in: 'qtest', test: 'SHOP-101' } }]);
    expect(toolDefectRefs(shown, { version: '3.2', environment: 'staging' })).toEqual([]);
    expect(toolDefectRefs(shown, { version: '3.1' })).toEqual([]);
    const ops1: RequirementDefect = { key: 'OPS-1', summary: 'Declined', status: 'In Progress', open: true, links: [{ in: 'qtest', test: 'SHOP-101' }] };
    const readiness = readinessIn(shown, { version: '3.2', environment: 'production' }, [ops1]);
    expect(readiness).toMatchObject({ status: 'BLOCKED', openDefects: ['OPS-1'] });
    expect(readiness.how).toMatch(/^An open defect blocks it \(OPS-1\)\./);
  });

  it('says when the tools\' defects could not be read', () => {
    expect(readinessIn(tests, {}, [], 'The defects the test tools link to its tests\' runs could not be read now.').how).toMatch(/could not be read now\.$/);
  });

  it('counts a linked Bug not done yet, never a done one or another issue type, from the links as Jira answers them', () => {
    const bug = (key: string, category: string, type = 'Bug') => ({ key, fields: { issuetype: { name: type }, status: { name: 'x', statusCategory: { key: category } } } });
    const links = [
      { type: { name: 'Blocks' }, inwardIssue: bug('SHOP-40', 'new') },
      { type: { name: 'Blocks' }, outwardIssue: bug('SHOP-41', 'indeterminate') },
      { type: { name: 'Blocks' }, inwardIssue: bug('SHOP-42', 'done') },
      { type: { name: 'Relates' }, inwardIssue: bug('SHOP-43', 'new', 'Task') },
      { unexpected: true },
      'not a link',
    ];
    expect(openDefectKeys(links)).toEqual(['SHOP-40', 'SHOP-41']);
    expect(openDefectKeys(undefined)).toEqual([]);
  });
});
