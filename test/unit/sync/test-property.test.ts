import { buildTestProperty, withHistory, TestProperty } from '../../../src/sync/test-property';
import { PROPERTY_MAX_CHARS } from '../../../src/jira/properties';
import type { TestCase } from '../../../src/domain/model';

const base: TestCase = {
  tool: 'qtest', projectId: '101', externalId: '1', displayId: 'TC-1', name: 'Login', steps: [], labels: [],
  url: 'https://demo.qtestnet.com/x', updatedAt: '2026-11-01T00:00:00.000Z', requirementKeys: [],
};

describe('test property', () => {
  it('carries the latest result and stays valid against its own schema', () => {
    const p = buildTestProperty('qtest:c:101:1', 'c', base, [
      { runId: 'r1', status: 'PASS', rawStatus: 'Passed', executedAt: '2026-11-02T00:00:00.000Z', cycle: 'Sprint 41' },
      { runId: 'r2', status: 'FAIL', rawStatus: 'Failed', executedAt: '2026-11-03T00:00:00.000Z', cycle: 'Sprint 42' },
    ], ['SHOP-2', 'SHOP-1']);
    expect(TestProperty.parse(p)).toMatchObject({ status: 'FAIL', rawStatus: 'Failed', lastRunAt: '2026-11-03T00:00:00.000Z', cycle: 'Sprint 42', covers: ['SHOP-1', 'SHOP-2'] });
    const back = withHistory(p, [p.history[0]]);
    expect(back).toMatchObject({ status: 'PASS', cycle: 'Sprint 41' });
  });

  it("drops trailing steps to fit Jira's property size and says so", () => {
    const steps = Array.from({ length: 200 }, (_, i) => ({ index: i + 1, action: 'a'.repeat(400), expected: 'e'.repeat(400) }));
    const p = buildTestProperty('k', 'c', { ...base, steps }, [], []);
    expect(JSON.stringify(p).length).toBeLessThanOrEqual(PROPERTY_MAX_CHARS);
    expect(p.stepsTruncated).toBe(true);
    expect(p.steps.length).toBeGreaterThan(0);
    expect(p.steps.length).toBeLessThan(200);
  });
});
