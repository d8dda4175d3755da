/**
 * One readiness everywhere: after a sync of the demo from qTest, Xray and QMetry, each requirement of a version has
 * the same readiness on the traceability page, on its issue panel, in its coverage property (what JQL's
 * testsyncReadinessIn finds) and, in its fix version, in testsyncReadiness — for the version and for each of its
 * environments. The gadget reports from the page's own report (test/integration/gadget-resolvers.test.ts).
 */
import { startTestApp, type TestApp } from '../support/local-app';

const PAGE = { extension: { type: 'jira:projectPage', project: { key: 'SHOP', id: '10000', type: 'software' } } };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});
afterAll(async () => app?.close());

const page = (payload: unknown): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-traceability', functionKey: 'getTraceability', payload: { ...(payload as object), limit: 100 }, accountId: 'demo-admin', context: PAGE });

const CONTEXTS = [{ version: '3.2' }, { version: '3.2', environment: 'staging' }, { version: '3.2', environment: 'production' }, { version: '3.1' }, { version: '3.1', environment: 'production' }];

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
});
