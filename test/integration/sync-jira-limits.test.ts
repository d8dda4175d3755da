/**
 * A sync against a Jira that behaves like a real site: an hourly points quota the app must not exhaust, and a
 * search index that lags behind writes while every request is slow.
 */
import { kvs } from '@forge/kvs';
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

const TESTS_JQL = 'project = SHOP AND issuetype = Test';

async function lastRun(app: TestApp) {
  return (await app.admin('getOverview')).history[0];
}

describe('sync within Jira limits', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("pauses before Jira's hourly points quota is spent, says why, and finishes once the window resets", async () => {
    app = await startTestApp();
    app.jira.faults.set({ pointsPerHour: 400 });
    await app.server.fireTrigger('sync-scheduler');
    const paused = await lastRun(app);
    expect(paused.waits.some((w: { reason: string }) => w.reason === "Jira's hourly points quota")).toBe(true);
    // The app stopped short of the quota: Jira never had to refuse it, and points are left for the site's users.
    expect(app.jira.faults.quotaState()!.remaining).toBeGreaterThan(0);
    // Counted in the simulator itself: a search would spend the points the app left for the site's users.
    const summary = app.jira.summary() as { projects: Record<string, { byType: Record<string, number> }> };
    const created = summary.projects.SHOP.byType.Test ?? 0;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(DEMO_ACTIVE_CASES);

    // A new hour (time does not pass here: the app's stored pause is lifted by hand): the next syncs finish
    // the work, each case once.
    app.jira.faults.set({ pointsPerHour: null });
    await app.server.runtime.runInInvocation(() => kvs.delete('jira-pause'));
    await app.server.fireTrigger('sync-scheduler');
    await app.server.fireTrigger('sync-scheduler');
    const keys = (await app.search(TESTS_JQL, ['summary'], ['testsync'])).map((i) => i.properties.testsync.sourceKey);
    expect(keys).toHaveLength(DEMO_ACTIVE_CASES);
    expect(new Set(keys).size).toBe(DEMO_ACTIVE_CASES);
  });

  it('computes coverage right after writing it while the search index lags 30 s and every request takes 20 ms', async () => {
    app = await startTestApp();
    app.jira.faults.set({ latencyMs: 20, indexLagMs: 30_000 });
    await app.server.fireTrigger('sync-scheduler');
    expect(await lastRun(app)).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES, failed: 0 } });
    app.jira.faults.set({ latencyMs: null, indexLagMs: null });
    const view = await app.panel('SHOP-1', 'getPanel', 'demo-admin');
    expect(view.kind).toBe('requirement');
    const { body } = await app.jiraApi('GET', '/rest/api/3/issue/SHOP-1/properties/testsync-coverage');
    expect(body.value.total).toBe(view.coverage.total);
    expect(body.value.total).toBeGreaterThan(0);
  });
});
