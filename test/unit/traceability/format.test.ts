/**
 * A requirement's index entry: each covering test's status per version and version/environment counted as the
 * coverage property counts readiness, stored compactly and read back the same, split into parts when a bucket
 * holds more than one storage value.
 */
import { readinessByContext } from '../../../src/sync/coverage';
import type { ResultEntry } from '../../../src/domain/results';
import { decodeChunk, encodeParts, StoredChunk } from '../../../src/traceability/format';
import { contextId, defectsOfTest, statusIn, traceRequirementOf, type TraceRequirement } from '../../../src/traceability/model';
import { readinessOf } from '../../../src/domain/readiness';
import { covering, run } from './fixtures';

describe('a requirement in the index', () => {
  const failedInStaging = covering('SHOP-101', [
    run('PASS', '2026-11-01T10:00:00Z', '3.1', 'production'),
    run('FAIL', '2026-11-20T10:00:00Z', '3.2', 'staging', 'Sprint 7'),
    run('PASS', '2026-11-21T10:00:00Z', '3.2', 'production', 'Sprint 7'),
  ]);
  const passed = covering('SHOP-102', [run('PASS', '2026-11-21T11:00:00Z', '3.2', 'staging')], { tool: 'qmetry', displayId: 'SHOPQA-TC-7' });
  const xray = covering('QA-3', [run('PASS', '2026-11-21T12:00:00Z', '3.2', 'production')], { tool: 'xray' });

  it('keeps each test by its latest status in a version (every environment counted) and in each version/environment', () => {
    const entry = traceRequirementOf([xray, passed, failedInStaging], 'Story');
    expect(entry.type).toBe('Story');
    expect(entry.tests.map((t) => t.issueKey)).toEqual(['QA-3', 'SHOP-101', 'SHOP-102']);
    const t101 = entry.tests[1];
    expect(statusIn(t101, '3.2')).toBe('FAIL');
    expect(statusIn(t101, '3.2', 'staging')).toBe('FAIL');
    expect(statusIn(t101, '3.2', 'production')).toBe('PASS');
    expect(statusIn(t101, '3.1')).toBe('PASS');
    // No run there: not run, as readiness counts it.
    expect(statusIn(t101, '3.3')).toBe('NOT_RUN');
    expect(statusIn(entry.tests[0], '3.2', 'staging')).toBe('NOT_RUN');
  });

  it('gives the readiness the coverage property indexes, in every version and version/environment', () => {
    const tests = [xray, passed, failedInStaging];
    const entry = traceRequirementOf(tests);
    const fromIndex = (version: string, environment?: string) => readinessOf(entry.tests.map((t) => statusIn(t, version, environment)));
    for (const item of readinessByContext(tests)) {
      const [where, readiness] = item.split('=');
      const [version, environment] = where.split('/');
      expect(`${where}=${fromIndex(version, environment)}`).toBe(`${where}=${readiness}`);
    }
    expect(readinessByContext(tests)).toEqual(expect.arrayContaining(['3.2=FAIL', '3.2/staging=FAIL', '3.2/production=PARTIAL', '3.1=PARTIAL']));
  });

  it('counts a case deleted in its tool as not run everywhere', () => {
    const entry = traceRequirementOf([covering('SHOP-103', [run('PASS', '2026-11-21T10:00:00Z', '3.2')], { deletedInSource: true })]);
    expect(entry.tests[0].deletedInSource).toBe(true);
    expect(statusIn(entry.tests[0], '3.2')).toBe('NOT_RUN');
  });
});

describe('stored form', () => {
  const entry = (n: number): TraceRequirement =>
    traceRequirementOf(
      Array.from({ length: n }, (_, i) =>
        covering(`SHOP-${1000 + i}`, [run(i % 3 === 0 ? 'FAIL' : 'PASS', '2026-11-20T10:00:00Z', '3.2', i % 2 ? 'staging' : 'production')]),
      ),
      'Story',
    );

  it('reads back what it wrote, with the tool, the id the tool shows and every status', () => {
    const requirements = new Map<string, TraceRequirement>([
      ['SHOP-1', traceRequirementOf([covering('QA-3', [run('BLOCKED', '2026-11-21T12:00:00Z', '3.2', 'staging')], { tool: 'xray' }), covering('SHOP-9', [], { tool: 'qmetry', displayId: 'TC-9' })], 'Story')],
      ['SHOP-2', { type: 'Bug', tests: [] }],
      ['SHOP-3', entry(4)],
    ]);
    const parts = encodeParts(requirements);
    expect(parts).toHaveLength(1);
    // The Xray test's id is its issue key: stored once.
    expect(JSON.stringify(parts[0])).not.toContain('"QA-3","x","QA-3"');
    expect(decodeChunk(parts[0])).toEqual(requirements);
  });

  it('spreads a bucket over parts that each stay under the size given, and joins them again', () => {
    const requirements = new Map<string, TraceRequirement>([
      ['SHOP-1', entry(300)],
      ['SHOP-2', entry(5)],
    ]);
    const parts = encodeParts(requirements, 4_000);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify({ ...p, n: parts.length }))).toBeLessThanOrEqual(4_000);
    const joined = new Map<string, TraceRequirement>();
    for (const p of parts) {
      for (const [key, req] of decodeChunk(p)!) joined.set(key, { ...req, tests: [...(joined.get(key)?.tests ?? []), ...req.tests] });
    }
    expect(joined).toEqual(requirements);
  });

  it('is compact: 2,000 requirements of 5 tests in two versions and two environments fit in about 0.6 MB', () => {
    const requirements = new Map<string, TraceRequirement>();
    for (let r = 1; r <= 2000; r++) {
      const tests = Array.from({ length: 5 }, (_, i) =>
        covering(`SHOP-${10_000 + r * 5 + i}`, [
          run('PASS', '2026-10-01T10:00:00Z', '3.1', 'staging'),
          run('PASS', '2026-10-02T10:00:00Z', '3.1', 'production'),
          run(i === 0 ? 'FAIL' : 'PASS', '2026-11-20T10:00:00Z', '3.2', 'staging'),
          run('PASS', '2026-11-21T10:00:00Z', '3.2', 'production'),
        ]),
      );
      requirements.set(`SHOP-${r}`, traceRequirementOf(tests, 'Story'));
    }
    const size = encodeParts(requirements).reduce((n, p) => n + Buffer.byteLength(JSON.stringify(p)), 0);
    expect(size).toBeLessThan(600_000);
  });

  it('refuses a test that names a context the chunk does not list', () => {
    expect(decodeChunk({ cx: [['3.2']], r: { 'SHOP-1': { x: [['SHOP-5', 'q', 'TC-5', 'P0F1']] } } })).toBeUndefined();
    expect(contextId('3.2', 'staging')).not.toBe(contextId('3.2/staging'));
  });

  describe("the defects the tools link to tests' latest runs", () => {
    const withDefects = (entry: ResultEntry, ...refs: string[]): ResultEntry => ({ ...entry, defects: refs });
    const requirements = () =>
      new Map<string, TraceRequirement>([
        [
          'SHOP-1',
          traceRequirementOf(
            [
              covering('SHOP-101', [
                withDefects(run('FAIL', '2026-11-20T10:00:00Z', '3.2', 'staging'), 'OPS-1'),
                withDefects(run('PASS', '2026-11-19T10:00:00Z', '3.2', 'production'), 'OPS-2'),
                run('PASS', '2026-11-21T10:00:00Z', '3.2', 'production'),
              ]),
              covering('QA-3', [withDefects(run('FAIL', '2026-11-21T12:00:00Z', '3.2', 'staging'), '10060', 'not a key!')], { tool: 'xray' }),
            ],
            'Story',
          ),
        ],
      ]);

    it("are kept by context, from each context's latest run (every environment's, for a version alone)", () => {
      const [t101, qa3] = [...requirements().get('SHOP-1')!.tests].sort((a, b) => a.issueKey.localeCompare(b.issueKey)).reverse();
      expect(defectsOfTest(t101, '3.2', 'staging')).toEqual(['OPS-1']);
      expect(defectsOfTest(t101, '3.2', 'production')).toEqual([]);
      expect(defectsOfTest(t101, '3.2')).toEqual(['OPS-1']);
      expect(defectsOfTest(qa3, '3.2')).toEqual(['10060', 'not a key!']);
    });

    it('are stored with their contexts and read back (references that are not keys or ids left out), in a part of version 2', () => {
      const parts = encodeParts(requirements());
      expect(parts).toHaveLength(1);
      expect(parts[0].v).toBe(2);
      const stored = JSON.stringify(parts[0]);
      expect(stored).toContain('OPS-1');
      expect(stored).not.toContain('OPS-2');
      expect(stored).not.toContain('not a key');
      const read = decodeChunk(StoredChunk.parse({ ...parts[0], n: 1 }))!.get('SHOP-1')!;
      const expected = requirements().get('SHOP-1')!;
      const qa3 = expected.tests.find((t) => t.issueKey === 'QA-3')!;
      qa3.defects = Object.fromEntries(Object.entries(qa3.defects!).map(([c, refs]) => [c, refs.filter((r) => r !== 'not a key!')]));
      expect(read).toEqual(expected);
    });

    it('leave a part without any at version 1, as the release before wrote it, and a part of version 1 reads as tests without defects', () => {
      const none = new Map<string, TraceRequirement>([['SHOP-2', traceRequirementOf([covering('SHOP-103', [run('PASS', '2026-11-20T10:00:00Z', '3.2')])], 'Story')]]);
      const [part] = encodeParts(none);
      expect(part.v).toBe(1);
      expect(part.r['SHOP-2'].x[0]).toHaveLength(4);
      const old = { v: 1, n: 1, cx: [['3.2']], r: { 'SHOP-2': { t: 'Story', x: [['SHOP-103', 'q', 'TC-103', 'P0']] } } };
      expect(decodeChunk(StoredChunk.parse(old))!.get('SHOP-2')!.tests[0]).toEqual({ issueKey: 'SHOP-103', tool: 'qtest', displayId: 'TC-103', results: { [contextId('3.2')]: 'PASS' } });
    });

    it('refuses defects that name a context the chunk does not list, or are written in another shape', () => {
      expect(decodeChunk({ cx: [['3.2']], r: { 'SHOP-1': { x: [['SHOP-5', 'q', 'TC-5', 'P0', '1:OPS-1']] } } })).toBeUndefined();
      expect(StoredChunk.safeParse({ v: 2, n: 1, cx: [['3.2']], r: { 'SHOP-1': { x: [['SHOP-5', 'q', 'TC-5', 'P0', 'OPS-1']] } } }).success).toBe(false);
      expect(StoredChunk.safeParse({ v: 3, n: 1, cx: [], r: {} }).success).toBe(false);
    });

    it('stay within the part size they are given', () => {
      const many = new Map<string, TraceRequirement>();
      for (let r = 1; r <= 60; r++) {
        many.set(
          `SHOP-${r}`,
          traceRequirementOf(
            Array.from({ length: 4 }, (_, i) => covering(`SHOP-${1000 + r * 4 + i}`, [withDefects(run('FAIL', '2026-11-20T10:00:00Z', '3.2', 'staging'), `OPS-${r}`, `OPS-${r + 1000}`, '10060')])),
            'Story',
          ),
        );
      }
      const parts = encodeParts(many, 4_000);
      expect(parts.length).toBeGreaterThan(2);
      for (const p of parts) expect(Buffer.byteLength(JSON.stringify({ ...p, n: parts.length }))).toBeLessThanOrEqual(4_000);
    });
  });
});
