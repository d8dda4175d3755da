/**
 * The traceability report of a version: which issues are requirements, each one's readiness in the version and an
 * environment, the totals at the top, the filters and the order (failing first), and what the viewer may not see.
 */
import { READINESS_ORDER } from '../../../src/domain/readiness';
import { traceRequirementOf, type TraceRequirement } from '../../../src/traceability/model';
import { buildReport, rowsWith, type ReportSources } from '../../../src/traceability/report';
import { covering, issue, run } from './fixtures';

/** The demo release: SHOP-1 failed in 3.2 on staging and passed on production; SHOP-2 passed; SHOP-3 only partly run. */
function demo(): { sources: ReportSources; index: Map<string, TraceRequirement> } {
  const index = new Map<string, TraceRequirement>([
    [
      'SHOP-1',
      traceRequirementOf(
        [
          covering('SHOP-101', [run('FAIL', '2026-11-20T10:00:00Z', '3.2', 'staging'), run('PASS', '2026-11-21T10:00:00Z', '3.2', 'production')]),
          covering('SHOP-102', [run('PASS', '2026-11-20T11:00:00Z', '3.2', 'staging'), run('PASS', '2026-11-21T11:00:00Z', '3.2', 'production')], { tool: 'qmetry' }),
          covering('QA-3', [run('PASS', '2026-11-21T12:00:00Z', '3.2', 'staging'), run('PASS', '2026-11-21T12:30:00Z', '3.2', 'production')], { tool: 'xray' }),
        ],
        'Story',
      ),
    ],
    ['SHOP-2', traceRequirementOf([covering('SHOP-103', [run('PASS', '2026-11-20T10:00:00Z', '3.2', 'staging'), run('PASS', '2026-11-20T10:00:00Z', '3.2', 'production')])], 'Story')],
    ['SHOP-3', traceRequirementOf([covering('SHOP-104', [run('PASS', '2026-11-20T10:00:00Z', '3.2', 'staging')]), covering('SHOP-105', [])], 'Story')],
    ['SHOP-4', traceRequirementOf([covering('SHOP-106', [run('BLOCKED', '2026-11-20T10:00:00Z', '3.2', 'staging')])], 'Story')],
    // Covered in 3.1 only.
    ['SHOP-7', traceRequirementOf([covering('SHOP-107', [run('PASS', '2026-10-01T10:00:00Z', '3.1', 'production')])], 'Story')],
  ]);
  const bug = { id: '900', key: 'OPS-9', summary: 'Card declined on staging', status: 'In Progress', open: true };
  const secret = { id: '901', key: 'SEC-1', summary: 'Hidden defect', status: 'Open', open: true };
  const issues = [
    issue('SHOP-1', 'Story', { components: ['Checkout'], parent: { key: 'SHOP-50', summary: 'Checkout epic' }, defects: [bug, secret] }),
    issue('SHOP-2', 'Story', { components: ['Checkout'], parent: { key: 'SHOP-50', summary: 'Checkout epic' } }),
    issue('SHOP-3', 'Story', { components: ['Catalog'] }),
    issue('SHOP-4', 'Story'),
    // An uncovered story of the release, a task (not a type tests cover) and a synced test with the fix version.
    issue('SHOP-5', 'Story', { components: ['Catalog'] }),
    issue('SHOP-6', 'Task'),
    issue('SHOP-101', 'Test'),
  ];
  const sources: ReportSources = {
    issues,
    index,
    pending: new Set(),
    browsableProject: (p) => p === 'SHOP',
    browsableIssue: (id) => id === '900',
  };
  return { sources, index };
}

describe('traceability report', () => {
  it('lists the requirements of the version: of a type tests cover, uncovered ones too, never a task or a test', () => {
    const { rows } = buildReport(demo().sources, { version: '3.2' });
    expect(rows.map((r) => r.key).sort()).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-4', 'SHOP-5']);
    expect(rows.find((r) => r.key === 'SHOP-5')!.readiness).toBe('UNCOVERED');
  });

  it('lists a covered issue of another type too', () => {
    const { sources, index } = demo();
    index.set('SHOP-6', traceRequirementOf([covering('SHOP-108', [run('PASS', '2026-11-20T10:00:00Z', '3.2')])], 'Task'));
    expect(buildReport(sources, { version: '3.2' }).rows.map((r) => r.key)).toContain('SHOP-6');
  });

  it('counts readiness in the version over every environment, and in one environment when asked', () => {
    const { sources } = demo();
    const readiness = (environment?: string) => Object.fromEntries(buildReport(sources, { version: '3.2', ...(environment ? { environment } : {}) }).rows.map((r) => [r.key, r.readiness]));
    expect(readiness()).toEqual({ 'SHOP-1': 'FAIL', 'SHOP-2': 'PASS', 'SHOP-3': 'PARTIAL', 'SHOP-4': 'BLOCKED', 'SHOP-5': 'UNCOVERED' });
    expect(readiness('staging')).toMatchObject({ 'SHOP-1': 'FAIL', 'SHOP-2': 'PASS', 'SHOP-4': 'BLOCKED' });
    // SHOP-1's tests pass on production, but the open defect linked to it (OPS-9) blocks it there.
    expect(readiness('production')).toMatchObject({ 'SHOP-1': 'BLOCKED', 'SHOP-2': 'PASS', 'SHOP-4': 'NOTRUN' });
  });

  it("shows each test's status in the context, worst first, and hides tests in projects the viewer cannot browse", () => {
    const { rows } = buildReport(demo().sources, { version: '3.2', environment: 'staging' });
    const shop1 = rows.find((r) => r.key === 'SHOP-1')!;
    expect(shop1.tests.map((t) => [t.issueKey, t.tool, t.status])).toEqual([
      ['SHOP-101', 'qtest', 'FAIL'],
      ['SHOP-102', 'qmetry', 'PASS'],
    ]);
    expect(shop1.hiddenTests).toBe(1);
  });

  it('lists the defects linked to a requirement that the viewer may browse', () => {
    const shop1 = buildReport(demo().sources, { version: '3.2' }).rows.find((r) => r.key === 'SHOP-1')!;
    expect(shop1.defects).toEqual([{ key: 'OPS-9', summary: 'Card declined on staging', status: 'In Progress', open: true }]);
  });

  it('counts an open defect the viewer may see as blocking, as the panel and JQL do; a done or hidden one does not', () => {
    const { sources } = demo();
    const withDefects = (defects: { id: string; open: boolean }[]) =>
      buildReport(
        { ...sources, issues: sources.issues.map((i) => (i.key === 'SHOP-2' ? { ...i, defects: defects.map((d) => ({ ...d, key: `OPS-${d.id}`, summary: 'A bug', status: d.open ? 'To Do' : 'Done' })) } : i)) },
        { version: '3.2' },
      ).rows.find((r) => r.key === 'SHOP-2')!.readiness;
    expect(withDefects([])).toBe('PASS');
    expect(withDefects([{ id: '900', open: true }])).toBe('BLOCKED');
    expect(withDefects([{ id: '900', open: false }])).toBe('PASS');
    expect(withDefects([{ id: '901', open: true }])).toBe('PASS');
  });

  it('puts failing requirements first, in READINESS_ORDER, then by key', () => {
    const { rows } = buildReport(demo().sources, { version: '3.2' });
    expect(rows.map((r) => r.key)).toEqual(['SHOP-1', 'SHOP-4', 'SHOP-3', 'SHOP-5', 'SHOP-2']);
    const ranks = rows.map((r) => READINESS_ORDER.indexOf(r.readiness));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('totals the version: coverage and pass rates over every requirement, and each readiness', () => {
    expect(buildReport(demo().sources, { version: '3.2' }).totals).toEqual({
      requirements: 5,
      covered: 4,
      coveragePercent: 80,
      passing: 1,
      passPercent: 20,
      failing: 1,
      blocked: 1,
      notRun: 0,
      partial: 1,
      uncovered: 1,
      indexing: 0,
    });
    expect(buildReport(demo().sources, { version: '3.1' }).totals).toMatchObject({ requirements: 5, covered: 4, passing: 0, notRun: 3, blocked: 1, uncovered: 1 });
  });

  it('filters by epic and by component; the filters offer the values of the whole version', () => {
    const { sources } = demo();
    const byEpic = buildReport(sources, { version: '3.2' }, { epic: 'SHOP-50' });
    expect(byEpic.rows.map((r) => r.key)).toEqual(['SHOP-1', 'SHOP-2']);
    expect(byEpic.totals).toMatchObject({ requirements: 2, failing: 1, passing: 1, coveragePercent: 100, passPercent: 50 });
    expect(buildReport(sources, { version: '3.2' }, { component: 'Catalog' }).rows.map((r) => r.key)).toEqual(['SHOP-3', 'SHOP-5']);
    expect(byEpic.facets).toEqual({
      environments: ['production', 'staging'],
      epics: [{ key: 'SHOP-50', summary: 'Checkout epic', count: 2 }],
      components: [
        { name: 'Catalog', count: 2 },
        { name: 'Checkout', count: 2 },
      ],
    });
  });

  it('filters rows by readiness without changing the totals', () => {
    const report = buildReport(demo().sources, { version: '3.2' });
    expect(rowsWith(report.rows, 'FAIL').map((r) => r.key)).toEqual(['SHOP-1']);
    expect(rowsWith(report.rows, 'UNCOVERED').map((r) => r.key)).toEqual(['SHOP-5']);
    expect(rowsWith(report.rows).length).toBe(report.totals.requirements);
  });

  it('never calls a requirement covered before the index existed uncovered: it is not indexed yet', () => {
    const { sources, index } = demo();
    index.delete('SHOP-4');
    const report = buildReport({ ...sources, pending: new Set(['SHOP-4']) }, { version: '3.2' });
    const row = report.rows.find((r) => r.key === 'SHOP-4')!;
    expect(row.indexing).toBe(true);
    expect(report.rows.at(-1)!.key).toBe('SHOP-4');
    expect(report.totals).toMatchObject({ requirements: 5, uncovered: 1, indexing: 1, covered: 3 });
    expect(rowsWith(report.rows, 'UNCOVERED').map((r) => r.key)).toEqual(['SHOP-5']);
  });

  it('shows a requirement only when the viewer may browse it: it is in their search, or not at all', () => {
    const { sources } = demo();
    const report = buildReport({ ...sources, issues: sources.issues.filter((i) => i.key !== 'SHOP-1') }, { version: '3.2' });
    expect(report.rows.map((r) => r.key)).not.toContain('SHOP-1');
    expect(report.totals.failing).toBe(0);
  });
});
