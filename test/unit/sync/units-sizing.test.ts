/**
 * A runs unit stores each touched test once; how many tests it may touch follows the run's storage share, so a
 * unit's storage waits never take more than a quarter of the invocation's budget.
 */
import { testsPerRunsUnit } from '../../../src/sync/units';

describe('runs unit size', () => {
  it('touches as many tests as a quarter of a 600 s budget can store at four units a test, at most 5,000', () => {
    expect(testsPerRunsUnit({ budgetMs: 600_000, storageUnitsPerMinute: 3200 })).toBe(2000);
    expect(testsPerRunsUnit({ budgetMs: 900_000, storageUnitsPerMinute: 1_000_000 })).toBe(5000);
  });

  it('touches fewer when three runs share the storage, or the budget is short', () => {
    expect(testsPerRunsUnit({ budgetMs: 600_000, storageUnitsPerMinute: 1066 })).toBe(666);
    expect(testsPerRunsUnit({ budgetMs: 30_000, storageUnitsPerMinute: 1066 })).toBe(50);
  });

  it('touches 50 tests a second of a short budget', () => {
    expect(testsPerRunsUnit({ budgetMs: 5_000, storageUnitsPerMinute: 1_000_000 })).toBe(250);
  });

  it('never goes below a chunk of cases, however small the share', () => {
    expect(testsPerRunsUnit({ budgetMs: 10_000, storageUnitsPerMinute: 20 })).toBe(50);
  });
});
