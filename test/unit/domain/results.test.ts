import { coverageCounts, coverageStatus, isFlaky, latestResult, mergeHistory, HISTORY_LENGTH, type ResultEntry } from '../../../src/domain/results';

const run = (id: string, status: ResultEntry['status'], day: number): ResultEntry => ({
  runId: id,
  status,
  rawStatus: status,
  executedAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`,
});

describe('results', () => {
  it('merges runs oldest to newest, replacing a re-read run instead of duplicating it', () => {
    const h = mergeHistory([run('a', 'FAIL', 1), run('b', 'PASS', 3)], [run('a', 'PASS', 1), run('c', 'FAIL', 2)]);
    expect(h.map((e) => `${e.runId}:${e.status}`)).toEqual(['a:PASS', 'c:FAIL', 'b:PASS']);
  });

  it("replaces a run's own entry (not executed yet, or stored before executions were read) by its executions", () => {
    const h = mergeHistory([run('r1', 'NOT_RUN', 1), run('r2', 'PASS', 2)], [run('r1:l1', 'FAIL', 3), run('r1:l2', 'PASS', 4)]);
    expect(h.map((e) => e.runId)).toEqual(['r2', 'r1:l1', 'r1:l2']);
  });

  it(`keeps only the last ${HISTORY_LENGTH} runs`, () => {
    const many = Array.from({ length: 15 }, (_, i) => run(`r${i}`, 'PASS', i + 1));
    const h = mergeHistory([], many);
    expect(h).toHaveLength(HISTORY_LENGTH);
    expect(h[h.length - 1].runId).toBe('r14');
  });

  it('takes the latest executed run as the result, ignoring a newer never-executed one', () => {
    expect(latestResult([run('a', 'FAIL', 1), run('b', 'NOT_RUN', 2)])?.runId).toBe('a');
    expect(latestResult([run('b', 'NOT_RUN', 2)])?.status).toBe('NOT_RUN');
    expect(latestResult([])).toBeUndefined();
  });

  it('flags a test as flaky when pass and fail alternate, not when it failed once and was fixed', () => {
    expect(isFlaky([run('a', 'PASS', 1), run('b', 'FAIL', 2), run('c', 'PASS', 3)])).toBe(true);
    expect(isFlaky([run('a', 'FAIL', 1), run('b', 'PASS', 2), run('c', 'PASS', 3)])).toBe(false);
  });

  it('summarises coverage worst-first', () => {
    const counts = coverageCounts(['PASS', 'PASS', 'FAIL', 'NOT_RUN']);
    expect(counts).toMatchObject({ PASS: 2, FAIL: 1, NOT_RUN: 1, BLOCKED: 0 });
    expect(coverageStatus(counts)).toBe('FAIL');
    expect(coverageStatus(coverageCounts(['PASS']))).toBe('PASS');
    expect(coverageStatus(coverageCounts([]))).toBe('NONE');
  });
});
