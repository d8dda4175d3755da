/**
 * The traceability report of a version: which issues are requirements, each one's readiness in the version and an
 * environment, the totals at the top, the filters and the order (failing first), and what the viewer may not see.
 */
import { READINESS_ORDER } from '../../../src/domain/readiness';
import { traceRequirementOf, type TraceRequirement } from '../../../src/traceability/model';
import { buildReport, rowsWith, type ReportSources } from '../../../src/traceability/report';
import type { ResultEntry } from '../../../src/domain/results';
import type { DefectFacts } from '../../../src/jira/defects';
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
    expect(shop1.defects).toEqual([{ key: 'OPS-9', summary: 'Card declined on staging', status: 'In Progress', open: true, links: [{ in: 'jira' }] }]);
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

  describe("defects linked in the tools to covering tests' latest runs", () => {
    const defect = (entry: ResultEntry, ...refs: string[]): ResultEntry => ({ ...entry, defects: refs });
    // SHOP-2 passes in 3.2 everywhere; its test's latest run on staging has OPS-1 linked in qTest (by key) and the same
    // issue linked by its id in Xray to another test's run; an older run of 3.2 on production had OPS-3 linked.
    function withToolDefects(facts: Record<string, DefectFacts>, browsable: (id: string) => boolean = () => true) {
      const { sources, index } = demo();
      index.set(
        'SHOP-2',
        traceRequirementOf(
          [
            covering('SHOP-103', [
              defect(run('PASS', '2026-11-19T10:00:00Z', '3.2', 'production'), 'OPS-3'),
              defect(run('PASS', '2026-11-20T10:00:00Z', '3.2', 'staging'), 'OPS-1'),
              run('PASS', '2026-11-20T11:00:00Z', '3.2', 'production'),
            ]),
            covering('QA-4', [defect(run('PASS', '2026-11-20T12:00:00Z', '3.2', 'staging'), '10060')], { tool: 'xray' }),
          ],
          'Story',
        ),
      );
      const report = (environment?: string) =>
        buildReport({ ...sources, browsableProject: () => true, browsableIssue: browsable, toolDefect: (ref) => facts[ref] }, { version: '3.2', ...(environment ? { environment } : {}) }).rows.find(
          (r) => r.key === 'SHOP-2',
        )!;
      return report;
    }
    const ops1 = (open: boolean): DefectFacts => ({ id: '10060', key: 'OPS-1', summary: 'Saved card payment declined', status: open ? 'In Progress' : 'Done', defect: true, open });

    it('an open one blocks the requirement where it is linked to the latest run, each defect once with every place it is linked', () => {
      const report = withToolDefects({ 'OPS-1': ops1(true), '10060': ops1(true) });
      const staging = report('staging');
      expect(staging.readiness).toBe('BLOCKED');
      expect(staging.defects).toEqual([
        { key: 'OPS-1', summary: 'Saved card payment declined', status: 'In Progress', open: true, links: [{ in: 'qtest', test: 'SHOP-103' }, { in: 'xray', test: 'QA-4' }] },
      ]);
      // Over every environment the version counts the latest run of each: staging's defect blocks it too.
      expect(report().readiness).toBe('BLOCKED');
      // On production the latest run has no defect (OPS-3 was on an older run); QA-4 did not run there.
      expect(report('production')).toMatchObject({ readiness: 'PARTIAL', defects: [] });
    });

    it('a done one is shown and blocks nothing; one Jira does not know, one of another type, or one the viewer may not browse is neither shown nor counted', () => {
      expect(withToolDefects({ 'OPS-1': ops1(false), '10060': ops1(false) })('staging')).toMatchObject({ readiness: 'PASS', defects: [{ key: 'OPS-1', status: 'Done', open: false }] });
      expect(withToolDefects({})('staging')).toMatchObject({ readiness: 'PASS', defects: [] });
      const task = { ...ops1(true), defect: false };
      expect(withToolDefects({ 'OPS-1': task, '10060': task })('staging')).toMatchObject({ readiness: 'PASS', defects: [] });
      expect(withToolDefects({ 'OPS-1': ops1(true), '10060': ops1(true) }, (id) => id !== '10060')('staging')).toMatchObject({ readiness: 'PASS', defects: [] });
    });

    it('is the same defect as one linked to the requirement in Jira: listed once, linked in both', () => {
      const { sources, index } = demo();
      index.set('SHOP-2', traceRequirementOf([covering('SHOP-103', [defect(run('PASS', '2026-11-20T10:00:00Z', '3.2', 'staging'), 'OPS-9')])], 'Story'));
      const bug = { id: '900', key: 'OPS-9', summary: 'Card declined on staging', status: 'In Progress', open: true };
      const issues = sources.issues.map((i) => (i.key === 'SHOP-2' ? { ...i, defects: [bug] } : i));
      const row = buildReport({ ...sources, issues, toolDefect: (ref) => (ref === 'OPS-9' ? { ...bug, defect: true } : undefined) }, { version: '3.2', environment: 'staging' }).rows.find((r) => r.key === 'SHOP-2')!;
      expect(row.defects).toEqual([{ key: 'OPS-9', summary: 'Card declined on staging', status: 'In Progress', open: true, links: [{ in: 'jira' }, { in: 'qtest', test: 'SHOP-103' }] }]);
      expect(row.readiness).toBe('BLOCKED');
    });

    it('leaves out the defects of tests in projects the viewer may not browse, as it leaves out the tests', () => {
      const report = withToolDefects({ '10060': ops1(true) });
      expect(report('staging')).toMatchObject({ readiness: 'BLOCKED' });
      const { sources, index } = demo();
      index.set('SHOP-2', traceRequirementOf([covering('QA-4', [defect(run('PASS', '2026-11-20T12:00:00Z', '3.2', 'staging'), '10060')], { tool: 'xray' })], 'Story'));
      const row = buildReport({ ...sources, toolDefect: () => ops1(true), browsableIssue: () => true }, { version: '3.2', environment: 'staging' }).rows.find((r) => r.key === 'SHOP-2')!;
      expect(row).toMatchObject({ hiddenTests: 1, defects: [], readiness: 'UNCOVERED' });
    });
  });
});
