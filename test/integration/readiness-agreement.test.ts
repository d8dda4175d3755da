/**
 * One readiness everywhere: after a sync of the demo from qTest, Xray and QMetry, each requirement of a version has
 * the same readiness on the traceability page, on its issue panel, in its coverage property (what JQL's
 * testsyncReadinessIn finds) and, in its fix version, in testsyncReadiness — for the version and for each of its
 * environments. The gadget reports from the page's own report (test/integration/gadget-resolvers.test.ts). A defect a
 * tool links to a covering test's latest run blocks the requirement on all of them alike, until it is done in Jira.
 */
import { startTestApp, type TestApp } from '../support/local-app';

const PAGE = { extension: { type: 'jira:projectPage', project: { key: 'SHOP', id: '10000', type: 'software' } } };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});
afterAll(async () => app?.close());

const page = (payload: unknown, accountId = 'demo-admin'): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-traceability', functionKey: 'getTraceability', payload: { ...(payload as object), limit: 100 }, accountId, context: PAGE });

/** Every requirement of every context: the page, the panel and the coverage property (JQL) say the same readiness. */
async function expectAgreement(): Promise<void> {
  for (const context of CONTEXTS) {
    const view = await page(context);
    const id = context.environment ? `${context.version}/${context.environment}` : context.version;
    for (const row of view.rows) {
      const panel = await app.panel(row.key, 'getPanel', 'demo-admin', { filter: context });
      if (row.readiness === 'UNCOVERED') continue;
      expect({ key: row.key, id, panel: panel.page.readiness.status }).toEqual({ key: row.key, id, panel: row.readiness });
      const [issue] = await app.search(`key = ${row.key}`, ['summary'], ['testsync-coverage']);
      const entry = (issue.properties['testsync-coverage'].readinessIn as string[]).find((e) => e.startsWith(`${id}=`));
      if (entry) expect({ key: row.key, jql: entry }).toEqual({ key: row.key, jql: `${id}=${row.readiness}` });
    }
  }
}

const CONTEXTS = [{ version: '3.2' }, { version: '3.2', environment: 'staging' }, { version: '3.2', environment: 'production' }, { version: '3.1' }, { version: '3.1', environment: 'production' }];

const PRODUCTION = { version: '3.2', environment: 'production' };

/** SHOP-1 in 3.2 on production: its row on the page, its panel and its coverage property (JQL). */
async function shop1OnProduction() {
  const row = (await page(PRODUCTION)).rows.find((r: any) => r.key === 'SHOP-1');
  const panel = (await app.panel('SHOP-1', 'getPanel', 'demo-admin', { filter: PRODUCTION })).page.readiness;
  const [issue] = await app.search('key = SHOP-1', ['summary'], ['testsync-coverage']);
  const jql = (issue.properties['testsync-coverage'].readinessIn as string[]).find((e) => e.startsWith('3.2/production='));
  return { page: row.readiness, panel: panel.status, jql, row, panelDefects: panel.defects };
}

/** One of SHOP-1's qTest tests passes again on production in 3.2, and the tester links these defects to that run in qTest. */
async function passesAgainWithDefects(defects: string[]): Promise<string> {
  const shown = (await app.panel('SHOP-1', 'getTests', 'demo-admin', { filter: { ...PRODUCTION, tool: 'qtest' }, limit: 100 })).tests;
  const site = app.qtest.state.site('demo')!;
  const releaseOf = (suiteId: number) => site.releases.find((r) => r.id === site.cycles.find((c) => c.suites.some((x) => x.id === suiteId))?.releaseId)?.name;
  const run = site.runs.find((r) => r.environment === 'production' && releaseOf(r.suiteId) === '3.2' && shown.some((t: any) => t.displayId === site.cases.find((c) => c.id === r.testCaseId)?.pid));
  expect(run).toBeDefined();
  app.qtest.state.addLog('demo', run!.id, 'Passed');
  app.qtest.state.linkDefects('demo', run!.logs.at(-1)!.id, defects);
  return shown.find((t: any) => t.displayId === site.cases.find((c) => c.id === run!.testCaseId)!.pid).issueKey;
}

describe('a requirement has one readiness in a context', () => {
  it.each(CONTEXTS)('%j: the page, the panel and the coverage property agree', async (context) => {
    const view = await page(context);
    expect(view.error).toBeUndefined();
    expect(view.rows.length).toBeGreaterThan(0);
    const id = context.environment ? `${context.version}/${context.environment}` : context.version;
    for (const row of view.rows) {
      const panel = await app.panel(row.key, 'getPanel', 'demo-admin', { filter: context });
      if (row.readiness === 'UNCOVERED') {
        expect({ key: row.key, kind: panel.kind }).toEqual({ key: row.key, kind: 'empty' });
        continue;
      }
      expect({ key: row.key, panel: panel.page.readiness.status }).toEqual({ key: row.key, panel: row.readiness });
      const [issue] = await app.search(`key = ${row.key}`, ['summary'], ['testsync-coverage']);
      const entries: string[] = issue.properties['testsync-coverage'].readinessIn;
      const entry = entries.find((e) => e.startsWith(`${id}=`));
      // No entry: none of its tests ran there, so none passed or failed there.
      if (entry) expect({ key: row.key, jql: entry }).toEqual({ key: row.key, jql: `${id}=${row.readiness}` });
      else expect({ key: row.key, readiness: row.readiness }).toEqual({ key: row.key, readiness: expect.stringMatching(/^(NOTRUN|BLOCKED)$/) });
    }
  });

  it('SHOP-1 fails in 3.2 and on staging, passes on production, on the page, the panel and in JQL', async () => {
    const readiness = async (context: { version: string; environment?: string }) => ({
      page: (await page(context)).rows.find((r: any) => r.key === 'SHOP-1').readiness,
      panel: (await app.panel('SHOP-1', 'getPanel', 'demo-admin', { filter: context })).page.readiness.status,
    });
    expect(await readiness({ version: '3.2' })).toEqual({ page: 'FAIL', panel: 'FAIL' });
    expect(await readiness({ version: '3.2', environment: 'staging' })).toEqual({ page: 'FAIL', panel: 'FAIL' });
    expect(await readiness({ version: '3.2', environment: 'production' })).toEqual({ page: 'PASS', panel: 'PASS' });
    // SHOP-1 is not in 3.1's scope (its fix version is 3.2), so the page of 3.1 does not list it; its panel says how it did there.
    expect((await app.panel('SHOP-1', 'getPanel', 'demo-admin', { filter: { version: '3.1' } })).page.readiness.status).toBe('PASS');
    const keys = async (jql: string) => (await app.search(jql, ['summary'])).map((i: any) => i.key).sort();
    expect(await keys('testsyncReadinessIn = "3.2/staging=FAIL"')).toContain('SHOP-1');
    expect(await keys('testsyncReadinessIn = "3.2/production=PASS"')).toContain('SHOP-1');
    expect(await keys('testsyncReadinessIn = "3.2/production=FAIL"')).not.toContain('SHOP-1');
  });

  it('testsyncReadiness in the fix version finds exactly what the page says fails in it', async () => {
    const failing = (await page({ version: '3.2' })).rows.filter((r: any) => r.readiness === 'FAIL').map((r: any) => r.key).sort();
    expect(failing).toContain('SHOP-1');
    const found = (await app.search('testsyncReadiness = FAIL AND fixVersion = "3.2"', ['summary'])).map((i: any) => i.key).sort();
    expect(found).toEqual(failing);
  });

  it("a defect a tool links to a covering test's latest run blocks the story alike everywhere, and once done in Jira, the next sync unblocks it", async () => {
    const readiness = shop1OnProduction;
    expect(await readiness()).toMatchObject({ page: 'PASS', panel: 'PASS', jql: '3.2/production=PASS' });

    // One of SHOP-1's qTest tests passes again on production in 3.2, and the tester links the open Bug OPS-1 to that run in qTest.
    const testKey = await passesAgainWithDefects(['OPS-1']);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);

    const blocked = await readiness();
    expect(blocked).toMatchObject({ page: 'BLOCKED', panel: 'BLOCKED', jql: '3.2/production=BLOCKED' });
    const ops1 = { key: 'OPS-1', summary: 'Saved card payment declined on staging', status: 'To Do', open: true, links: [{ in: 'qtest', test: testKey }] };
    expect(blocked.row.defects).toContainEqual(ops1);
    expect(blocked.panelDefects).toContainEqual(ops1);
    await expectAgreement();
    // As the user sees Jira: demo-tester may not browse OPS, so neither the page nor the panel shows or counts OPS-1 for them.
    const tester = (await page(PRODUCTION, 'demo-tester')).rows.find((r: any) => r.key === 'SHOP-1');
    const testerPanel = (await app.panel('SHOP-1', 'getPanel', 'demo-tester', { filter: PRODUCTION })).page.readiness;
    expect({ page: tester.readiness, panel: testerPanel.status, defects: [...tester.defects, ...(testerPanel.defects ?? [])] }).toEqual({ page: 'PASS', panel: 'PASS', defects: [] });

    // OPS-1 is done in Jira; neither SHOP-1 nor its tests change. The next sync computes SHOP-1 again.
    const store = app.jira.state;
    const bug = store.findIssue('OPS-1')!;
    store.index.willChange(bug);
    bug.status = 'Done';
    store.touch(bug);
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    const done = await readiness();
    expect(done).toMatchObject({ page: 'PASS', panel: 'PASS', jql: '3.2/production=PASS' });
    expect(done.row.defects).toContainEqual({ ...ops1, status: 'Done', open: false });
    await expectAgreement();
  });

  it('a Bug created in Jira a moment ago, not yet in its search index, and linked in the tool blocks the story at the next sync', async () => {
    expect(await shop1OnProduction()).toMatchObject({ page: 'PASS', panel: 'PASS', jql: '3.2/production=PASS' });
    app.jira.faults.set({ indexLagMs: 10 * 60_000 });
    try {
      const created = await app.jiraApi('POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Bug' }, summary: 'Refund shown twice on production' } });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      // Jira's search does not find it yet.
      expect(await app.search(`key = ${key}`)).toEqual([]);
      await passesAgainWithDefects([key]);
      expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);

      const blocked = await shop1OnProduction();
      expect(blocked).toMatchObject({ page: 'BLOCKED', panel: 'BLOCKED', jql: '3.2/production=BLOCKED' });
      const [issue] = await app.search('key = SHOP-1', ['summary'], ['testsync-coverage']);
      expect(issue.properties['testsync-coverage'].openDefects).toContain(key);
    } finally {
      app.jira.faults.set({ indexLagMs: null });
    }
    await expectAgreement();
  });
});
