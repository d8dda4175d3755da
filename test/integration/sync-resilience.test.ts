/**
 * No duplicates and no lost work whatever the platform or the services do: duplicate event delivery, a tight
 * time budget, a lost sync index, rate limits and server errors, and credentials revoked mid-sync.
 */
import { kvs } from '@forge/kvs';
import { startTestApp, DEMO_ACTIVE_CASES, type TestApp } from '../support/local-app';

const TESTS_JQL = 'project = SHOP AND issuetype = Test';

async function lastRun(app: TestApp) {
  return (await app.admin('getOverview')).history[0];
}

async function expectNoViolations(app: TestApp) {
  const { body } = await app.jiraApi('GET', '/__sim/violations');
  expect(body.violations).toEqual([]);
}

describe('sync resilience', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('creates one issue per case when every event is delivered twice', async () => {
    app = await startTestApp({ duplicateDelivery: true });
    await app.server.fireTrigger('sync-scheduler');
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
    expect(await lastRun(app)).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES, failed: 0 } });
    await expectNoViolations(app);
  });

  it('checkpoints and continues through the queue when the invocation budget runs low', async () => {
    // The engine uses at most 80 % of an invocation's budget: with 2 s, a first sync needs several invocations.
    app = await startTestApp({ budgets: { 'sync-worker': 2 } });
    const summary = await app.server.fireTrigger('sync-scheduler');
    expect(summary.events.delivered).toBeGreaterThan(1);
    expect(summary.events.failed).toBe(0);
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
    expect(await lastRun(app)).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES } });
  });

  it('finds the issues it created through their indexed property when its own index is lost', async () => {
    app = await startTestApp();
    await app.server.fireTrigger('sync-scheduler');
    const removed = await app.server.runtime.runInInvocation(async () => {
      let count = 0;
      for (;;) {
        const page = await kvs.query().where('key', { condition: 'BEGINS_WITH', values: ['item:'] }).limit(20).getMany();
        if (page.results.length === 0) return count;
        for (const r of page.results) await kvs.delete(r.key);
        count += page.results.length;
      }
    });
    expect(removed).toBe(DEMO_ACTIVE_CASES);
    await app.server.runtime.runInInvocation(async () => {
      for (const id of ['101', '102']) await kvs.delete(`checkpoint:qtest-demo:${id}`);
    });
    await app.admin('syncNow', { connectionId: 'qtest-demo' });
    await app.server.runtime.drain();
    const run = await lastRun(app);
    expect(run).toMatchObject({ state: 'succeeded', counts: { created: 0, linked: 0, failed: 0 } });
    expect(run.warnings.some((w: string) => w.startsWith('Recovered SHOP-'))).toBe(true);
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
  });

  it("honours Jira's 429 Retry-After and the tool's server errors and still syncs everything once", async () => {
    app = await startTestApp();
    app.jira.faults.rateLimit({ requests: 3, retryAfterSeconds: 1 });
    app.qtest.faults.set({ serverError: { count: 2, status: 503 } });
    await app.server.fireTrigger('sync-scheduler');
    expect(await lastRun(app)).toMatchObject({ state: 'succeeded', counts: { created: DEMO_ACTIVE_CASES, failed: 0 } });
    expect(await app.search(TESTS_JQL)).toHaveLength(DEMO_ACTIVE_CASES);
    await expectNoViolations(app);
  });

  it('fails the run with an actionable message when the token is revoked mid-sync, and never stores the token', async () => {
    app = await startTestApp();
    app.qtest.faults.set({ revokeTokenAfter: { requests: 3 } });
    await app.server.fireTrigger('sync-scheduler');
    const run = await lastRun(app);
    expect(run.state).toBe('failed');
    expect(run.errors[run.errors.length - 1].message).toMatch(/^qTest \(demo\): .*token/i);
    expect(JSON.stringify(run)).not.toContain('qtest-demo-token');
  });
});
