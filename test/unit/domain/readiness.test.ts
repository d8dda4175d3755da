import type { CanonicalStatus } from '../../../src/domain/model';
import { CONTEXTS_MAX, defectLinksWords, defectsIn, mergeContexts, mergeDefects, readinessOf, resultIn, worstReadiness, type RequirementDefect } from '../../../src/domain/readiness';
import type { ResultEntry } from '../../../src/domain/results';
import { buildCoverage, countedDefectRefs, openDefectsIn, readinessByContext, readinessInVersions } from '../../../src/sync/coverage';
import type { CoveringTest } from '../../../src/sync/coverage-index';

const run = (runId: string, status: CanonicalStatus, at: string, version?: string, environment?: string, cycle?: string): ResultEntry => ({
  runId,
  status,
  rawStatus: status.toLowerCase(),
  executedAt: at,
  ...(version ? { version } : {}),
  ...(environment ? { environment } : {}),
  ...(cycle ? { cycle } : {}),
});

const test = (contexts: ResultEntry[], status: CanonicalStatus = contexts.at(-1)?.status ?? 'NOT_RUN'): CoveringTest => ({
  tool: 'qtest',
  displayId: 'TC-1',
  name: 'A test',
  status,
  url: 'https://example.qtestnet.com/tc/1',
  contexts,
});

describe('readiness of a requirement', () => {
  it.each<[CanonicalStatus[], string]>([
    [[], 'UNCOVERED'],
    [['PASS', 'FAIL', 'BLOCKED'], 'FAIL'],
    [['PASS', 'BLOCKED', 'NOT_RUN'], 'BLOCKED'],
    [['NOT_RUN', 'IN_PROGRESS', 'SKIP'], 'NOTRUN'],
    [['PASS', 'NOT_RUN'], 'PARTIAL'],
    [['PASS', 'IN_PROGRESS'], 'PARTIAL'],
    [['PASS', 'SKIP', 'PASS'], 'PASS'],
  ])('%j is %s', (statuses, expected) => {
    expect(readinessOf(statuses)).toBe(expected);
  });

  it('is blocked by an open defect unless a test fails', () => {
    expect(readinessOf(['PASS', 'PASS'], 1)).toBe('BLOCKED');
    expect(readinessOf(['PASS', 'NOT_RUN'], 2)).toBe('BLOCKED');
    expect(readinessOf(['PASS', 'FAIL'], 1)).toBe('FAIL');
    expect(readinessOf([], 1)).toBe('BLOCKED');
    expect(readinessOf(['PASS'], 0)).toBe('PASS');
  });

  it('takes the worst of several versions', () => {
    expect(worstReadiness(['PASS', 'PARTIAL', 'FAIL'])).toBe('FAIL');
    expect(worstReadiness(['PASS', 'UNCOVERED'])).toBe('UNCOVERED');
  });
});

describe('results by context', () => {
  it('keeps the latest executed result of each version / cycle / environment, after the run history moved on', () => {
    const old = [run('r1', 'PASS', '2026-01-01T00:00:00Z', '3.1', 'production')];
    const recent = Array.from({ length: 12 }, (_, i) => run(`n${i}`, i === 11 ? 'FAIL' : 'PASS', `2026-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`, '3.2', 'staging'));
    const contexts = mergeContexts(old, recent);
    expect(contexts.map((c) => [c.version, c.environment, c.runId])).toEqual([
      ['3.1', 'production', 'r1'],
      ['3.2', 'staging', 'n11'],
    ]);
    expect(resultIn([], contexts, { version: '3.1' })?.status).toBe('PASS');
    expect(resultIn([], contexts, { version: '3.2', environment: 'staging' })?.status).toBe('FAIL');
    expect(resultIn([], contexts, { version: '3.2', environment: 'production' })).toBeUndefined();
  });

  it('consolidates a version over environments as Xray does: PASS only when the latest run of each passed', () => {
    const runs = [run('1', 'PASS', '2026-01-01T00:00:00Z', '3.2', 'Android'), run('2', 'FAIL', '2026-01-02T00:00:00Z', '3.2', 'iOS'), run('3', 'PASS', '2026-01-03T00:00:00Z', '3.2', 'iOS')];
    expect(resultIn([], runs, { version: '3.2' })?.status).toBe('PASS');
    expect(resultIn([], [...runs, run('4', 'FAIL', '2026-01-04T00:00:00Z', '3.2')], { version: '3.2' })?.status).toBe('FAIL');
  });

  it('prefers an executed run of a context over a newer one not executed yet, and a re-read run replaces its entry', () => {
    const executed = run('a', 'FAIL', '2026-02-01T00:00:00Z', '3.2');
    const planned = run('b', 'NOT_RUN', '2026-02-02T00:00:00Z', '3.2');
    expect(mergeContexts([executed], [planned]).map((c) => c.runId)).toEqual(['a']);
    const fixed = { ...executed, status: 'PASS' as const };
    expect(mergeContexts([executed], [fixed])[0]!.status).toBe('PASS');
  });

  it(`keeps at most ${CONTEXTS_MAX} contexts, the most recently run`, () => {
    const many = Array.from({ length: CONTEXTS_MAX + 6 }, (_, i) => run(`r${i}`, 'PASS', `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, `v${i}`));
    const kept = mergeContexts([], many);
    expect(kept).toHaveLength(CONTEXTS_MAX);
    expect(kept[0]!.version).toBe('v6');
    expect(kept.at(-1)!.version).toBe(`v${CONTEXTS_MAX + 5}`);
  });
});

describe("a requirement's coverage by version and environment", () => {
  // One test fails in staging for 3.2 and passes in production; another passes everywhere.
  const a = test([
    run('a1', 'PASS', '2026-01-01T00:00:00Z', '3.1', 'staging'),
    run('a2', 'FAIL', '2026-02-01T00:00:00Z', '3.2', 'staging'),
    run('a3', 'PASS', '2026-02-02T00:00:00Z', '3.2', 'production'),
  ]);
  const b = test([run('b1', 'PASS', '2026-02-03T00:00:00Z', '3.2', 'production'), run('b0', 'PASS', '2026-01-03T00:00:00Z', '3.1', 'staging')]);

  it('is FAIL for 3.2/staging, PASS for 3.2/production and 3.1, as JQL finds it', () => {
    // In 3.2 without an environment, test a's latest runs are FAIL (staging) and PASS (production): it counts as FAIL.
    expect(readinessByContext([a, b])).toEqual(['3.1/staging=PASS', '3.1=PASS', '3.2/production=PASS', '3.2/staging=FAIL', '3.2=FAIL']);
  });

  it('counts readiness in the fix versions, worst first, and over the latest results without one', () => {
    expect(readinessInVersions([a, b], ['3.1'])).toBe('PASS');
    expect(readinessInVersions([a, b], ['3.1', '3.2'])).toBe('FAIL');
    expect(readinessInVersions([a, b], ['4.0'])).toBe('NOTRUN');
    expect(readinessInVersions([a, b], [])).toBe('PASS');
    const prop = buildCoverage([a, b], '2026-03-01T00:00:00Z', ['3.2']);
    expect(prop).toMatchObject({ readiness: 'FAIL', readinessVersions: ['3.2'], total: 2 });
    expect(prop.tests.every((t) => !('contexts' in t))).toBe(true);
    expect(buildCoverage([], '2026-03-01T00:00:00Z', ['3.2']).readiness).toBe('UNCOVERED');
  });
});

describe("the defects the tools link to a test's latest runs", () => {
  const withDefects = (e: ResultEntry, ...refs: string[]): ResultEntry => ({ ...e, defects: refs });
  // Staging: an old run with OPS-3, then the latest with OPS-1. Production: the latest run with OPS-2 (by Xray's id 10061).
  const runs = [
    withDefects(run('s1', 'FAIL', '2026-02-01T00:00:00Z', '3.2', 'staging', 'Sprint 1'), 'OPS-3'),
    withDefects(run('s2', 'PASS', '2026-02-05T00:00:00Z', '3.2', 'staging', 'Sprint 2'), 'OPS-1'),
    withDefects(run('p1', 'PASS', '2026-02-03T00:00:00Z', '3.2', 'production', 'Sprint 1'), '10061', 'OPS-1'),
    run('o1', 'PASS', '2026-01-03T00:00:00Z', '3.1', 'production'),
  ];

  it("are those of its latest run in the context: each environment's latest for a version alone, its latest run without a context", () => {
    expect(defectsIn([], runs, { version: '3.2', environment: 'staging' })).toEqual(['OPS-1']);
    expect(defectsIn([], runs, { version: '3.2', environment: 'production' })).toEqual(['10061', 'OPS-1']);
    expect(defectsIn([], runs, { version: '3.2' })).toEqual(['10061', 'OPS-1']);
    expect(defectsIn([], runs, { version: '3.2', cycle: 'Sprint 1' })).toEqual(['10061', 'OPS-1', 'OPS-3']);
    expect(defectsIn([], runs, { version: '3.1' })).toEqual([]);
    expect(defectsIn([], runs, { version: '4.0' })).toEqual([]);
    expect(defectsIn([], runs)).toEqual(['OPS-1']);
    // The history and the contexts hold the same run once.
    expect(defectsIn(runs.slice(0, 2), runs)).toEqual(['OPS-1']);
    expect(defectsIn([], [])).toEqual([]);
  });

  it('count for the requirement where they block it, an open one blocking it as a linked Bug does', () => {
    const a = test(runs);
    const states = new Map([
      ['OPS-1', { key: 'OPS-1', open: true }],
      ['10061', { key: 'OPS-2', open: false }],
    ]);
    expect(countedDefectRefs(a)).toEqual(['10061', 'OPS-1']);
    expect(openDefectsIn([a], { tool: states }, { version: '3.2', environment: 'production' })).toEqual(['OPS-1']);
    expect(openDefectsIn([a], { tool: states, linked: ['SHOP-40'] }, { version: '3.1' })).toEqual(['SHOP-40']);
    expect(readinessByContext([a], { tool: states })).toEqual(['3.1/production=PASS', '3.1=PASS', '3.2/production=BLOCKED', '3.2/staging=BLOCKED', '3.2=BLOCKED']);
    expect(readinessInVersions([a], ['3.1'], { tool: states })).toBe('PASS');
    expect(readinessInVersions([a], [], { tool: states })).toBe('BLOCKED');
    const prop = buildCoverage([a], '2026-03-01T00:00:00Z', ['3.2'], [], states);
    expect(prop).toMatchObject({ readiness: 'BLOCKED', openDefects: ['OPS-1'] });
    // Done, or unknown to Jira: blocks nothing.
    const done = new Map([['OPS-1', { key: 'OPS-1', open: false }]]);
    expect(buildCoverage([a], '2026-03-01T00:00:00Z', ['3.2'], [], done)).toMatchObject({ readiness: 'PASS' });
    expect(buildCoverage([a], '2026-03-01T00:00:00Z', ['3.2'], [], new Map()).openDefects).toBeUndefined();
    // A case deleted in its tool has no latest run anywhere.
    expect(countedDefectRefs({ ...a, deletedInSource: true })).toEqual([]);
  });

  it('are each listed once by key, with every place they are linked, in words', () => {
    const d = (key: string, links: RequirementDefect['links']): RequirementDefect => ({ key, summary: 's', status: 'To Do', open: true, links });
    const merged = mergeDefects([d('OPS-10', [{ in: 'qtest', test: 'SHOP-101' }]), d('OPS-2', [{ in: 'xray', test: 'QA-3' }]), d('OPS-10', [{ in: 'jira' }, { in: 'qtest', test: 'SHOP-101' }])]);
    expect(merged.map((m) => [m.key, m.links])).toEqual([
      ['OPS-2', [{ in: 'xray', test: 'QA-3' }]],
      ['OPS-10', [{ in: 'jira' }, { in: 'qtest', test: 'SHOP-101' }]],
    ]);
    expect(defectLinksWords(merged[1].links)).toBe("linked in Jira and in qTest to SHOP-101's run");
    expect(defectLinksWords([{ in: 'qmetry', test: 'SHOP-7' }])).toBe("linked in QMetry to SHOP-7's run");
  });
});
