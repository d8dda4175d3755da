/** The panel's list in a version: every covering test by its result there, and the story's readiness in it. */
import type { CanonicalStatus } from '../../../src/domain/model';
import type { ResultEntry } from '../../../src/domain/results';
import { openDefectKeys } from '../../../src/jira/defects';
import { facetsOf, pageOf, panelRow, readinessIn, type VisibleTest } from '../../../src/resolvers/panel-list';
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
  it('an open bug linked to the story blocks it, and says which', () => {
    const readiness = readinessIn(tests.slice(0, 2), { version: '3.2', environment: 'production' }, ['SHOP-40']);
    expect(readiness).toMatchObject({ status: 'BLOCKED', openDefects: ['SHOP-40'] });
    expect(readiness.how).toMatch(/^An open defect blocks it \(SHOP-40\)\./);
    expect(readinessIn(tests, { version: '3.2' }, ['SHOP-40']).status).toBe('FAIL');
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
