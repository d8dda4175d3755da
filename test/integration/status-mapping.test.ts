/**
 * Status mapping on the admin page's backend: the tool's catalogue with each status's canonical meaning, an
 * admin's change stored and applied to results already synced, and mappings that would lose PASS refused.
 */
import { startTestApp, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.server.fireTrigger('sync-scheduler');
});
afterAll(async () => app?.close());

/** The stored runs, across synced tests, that have the given qTest status. */
async function runsWithRaw(raw: string): Promise<{ key: string; status: string }[]> {
  const issues = await app.search('testsyncTool = qtest', ['summary'], ['testsync']);
  return issues.flatMap((i) => i.properties.testsync.history.filter((h: any) => h.rawStatus === raw).map((h: any) => ({ key: i.key, status: h.status })));
}

describe('status mapping', () => {
  it("lists qTest's statuses with their canonical meaning, the custom Retest unmapped", async () => {
    const view = await app.admin('getStatusMapping', { connectionId: 'qtest-demo' });
    const row = (name: string) => view.rows.find((r: any) => r.name === name);
    expect(row('Passed')).toEqual({ name: 'Passed', mappedTo: 'PASS', source: 'default', inCatalogue: true });
    expect(row('Failed')).toMatchObject({ mappedTo: 'FAIL', source: 'default' });
    expect(row('Retest')).toEqual({ name: 'Retest', source: 'unmapped', inCatalogue: true });
    expect(view.problems).toEqual([]);
  });

  it('applies an admin mapping to the results already synced at the next sync', async () => {
    const before = await runsWithRaw('Retest');
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((r) => r.status))).toEqual(new Set(['NOT_RUN']));

    const saved = await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Passed: 'PASS', Failed: 'FAIL', Retest: 'FAIL' } });
    expect(saved.rows.find((r: any) => r.name === 'Retest')).toMatchObject({ mappedTo: 'FAIL', source: 'admin' });
    // Entries equal to the defaults stay defaults.
    expect(saved.rows.find((r: any) => r.name === 'Passed')).toMatchObject({ source: 'default' });

    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    const run = (await app.admin('getOverview')).history[0];
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(run.counts.updated).toBe(new Set(before.map((r) => r.key)).size);
    expect(run.warnings.join(' ')).not.toContain('Retest');
    const after = await runsWithRaw('Retest');
    expect(after).toHaveLength(before.length);
    expect(new Set(after.map((r) => r.status))).toEqual(new Set(['FAIL']));
  });

  it('re-counts nothing again once applied', async () => {
    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    expect((await app.admin('getOverview')).history[0].counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('refuses a mapping that leaves PASS unmapped, or names an unknown canonical status, and keeps the saved one', async () => {
    const noPass = await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Passed: 'FAIL' } });
    expect(noPass.error).toEqual({ code: 'INVALID_INPUT', message: 'At least one tool status must map to PASS' });
    const unknown = await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Passed: 'GREEN' } });
    expect(unknown.error.message).toContain('Canonical status must be one of PASS, FAIL, BLOCKED, SKIP, NOT_RUN, IN_PROGRESS');
    const view = await app.admin('getStatusMapping', { connectionId: 'qtest-demo' });
    expect(view.rows.find((r: any) => r.name === 'Retest')).toMatchObject({ mappedTo: 'FAIL', source: 'admin' });
  });

  it('is for Jira admins only', async () => {
    expect((await app.admin('getStatusMapping', { connectionId: 'qtest-demo' }, 'demo-tester')).error.code).toBe('FORBIDDEN');
  });
});
