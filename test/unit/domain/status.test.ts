import { effectiveMapping, mapStatus, validateMapping, DEFAULT_STATUS_MAPPINGS } from '../../../src/domain/status';

describe('status mapping', () => {
  it('maps qTest built-in statuses whatever their case or spacing', () => {
    const m = effectiveMapping('qtest');
    expect(mapStatus('Passed', m)).toEqual({ status: 'PASS', mapped: true });
    expect(mapStatus('  FAILED ', m)).toEqual({ status: 'FAIL', mapped: true });
    expect(mapStatus('Incomplete', m)).toEqual({ status: 'IN_PROGRESS', mapped: true });
    expect(mapStatus('Unexecuted', m)).toEqual({ status: 'NOT_RUN', mapped: true });
  });

  it('reports a custom status it does not know instead of guessing a result', () => {
    expect(mapStatus('Retest', effectiveMapping('qtest'))).toEqual({ status: 'NOT_RUN', mapped: false });
  });

  it("lets an admin's entries extend and override the defaults", () => {
    const m = effectiveMapping('qtest', { Retest: 'FAIL', Blocked: 'SKIP' });
    expect(mapStatus('retest', m).status).toBe('FAIL');
    expect(mapStatus('Blocked', m).status).toBe('SKIP');
  });

  it('refuses a mapping that leaves PASS, FAIL or SKIP without a source, or names an unknown status', () => {
    expect(validateMapping(DEFAULT_STATUS_MAPPINGS.qtest)).toEqual([]);
    expect(validateMapping({ passed: 'PASS', failed: 'FAIL' })).toEqual(['At least one tool status must map to SKIP']);
    expect(validateMapping({ ok: 'GREEN' as never, failed: 'FAIL', skipped: 'SKIP', passed: 'PASS' })[0]).toMatch(/"ok" maps to "GREEN"/);
  });
});
