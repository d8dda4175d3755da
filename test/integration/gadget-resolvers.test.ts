/**
 * The release readiness gadget's backend on the local runtime, after a sync of the demo from qTest, Xray and QMetry:
 * its figures are the traceability page's for the same project, version and environment; the trend gets one point
 * per sync that recomputed coverage (none for a sync that changed nothing) and is shown only to a viewer whose
 * totals are the app's latest; the edit mode's options are what the user may browse; a user who cannot browse the
 * project, a bad configuration and an inactive licence each get their own answer.
 */
import type { InvocationContext } from '../../local/runtime';
import type { LicenseMode } from '../../local/runtime/context';
import { startTestApp, type TestApp } from '../support/local-app';

const GADGET_CONTEXT = { extension: { type: 'jira:dashboardGadget', gadget: { id: '1' }, dashboard: { id: 'local-dashboard' }, gadgetConfiguration: {} } };
const PAGE_CONTEXT = { extension: { type: 'jira:projectPage', project: { key: 'SHOP', id: '10000', type: 'software' } } };

let app: TestApp;
/** Every platform call the app made since the last reset, with who made Jira calls. */
let calls: string[] = [];
/** What the gadget showed before anything was synced. */
let beforeFirstSync: any;

beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  runtime.forgeFetch = (ctx: InvocationContext, descriptor, p, init) => {
    calls.push(`${descriptor?.type}${descriptor?.remote ? `/${descriptor.remote} as ${descriptor.provider}` : ''} ${p}`);
    return forgeFetch(ctx, descriptor, p, init);
  };
  beforeFirstSync = await readiness({ project: 'SHOP', version: '3.2' });
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
});
afterAll(async () => app?.close());

const gadget = (functionKey: string, payload: unknown, accountId = 'demo-admin', license?: LicenseMode): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-readiness-gadget', functionKey, payload, accountId, context: GADGET_CONTEXT, ...(license ? { license } : {}) });
const readiness = (payload: unknown, accountId?: string, license?: LicenseMode) => gadget('getGadgetReadiness', payload, accountId, license);
const page = (payload: unknown = {}, accountId = 'demo-admin'): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-traceability', functionKey: 'getTraceability', payload: { ...(payload as object), limit: 100 }, accountId, context: PAGE_CONTEXT });

/** Jira calls made since the last reset, by whom. */
const jiraCalls = () => calls.filter((c) => c.startsWith('fpp/jira'));

describe('the figures', () => {
  it.each([
    ['3.2 over every environment', { version: '3.2' }],
    ['3.2 on staging', { version: '3.2', environment: 'staging' }],
    ['3.2 on production', { version: '3.2', environment: 'production' }],
    ['3.1', { version: '3.1' }],
  ])('are the traceability page’s for %s', async (_what, context) => {
    const view = await readiness({ project: 'SHOP', ...context });
    const report = await page(context);
    expect(view.error).toBeUndefined();
    expect(view.totals).toEqual(report.totals);
    expect(view.version).toBe(context.version);
    // The failing, then blocked, requirements in the page's own order, with the open defects the page lists.
    const attention = report.rows.filter((r: { readiness: string }) => r.readiness === 'FAIL' || r.readiness === 'BLOCKED').slice(0, 5);
    expect(view.attention).toEqual(
      attention.map((r: { key: string; summary: string; readiness: string; defects: { open: boolean }[] }) => {
        const open = r.defects.filter((d) => d.open);
        return { key: r.key, summary: r.summary, readiness: r.readiness, ...(open.length > 0 ? { defects: open.slice(0, 3) } : {}), ...(open.length > 3 ? { moreDefects: open.length - 3 } : {}) };
      }),
    );
  });

  it('lists SHOP-1 failing first for 3.2, and not at all on production where it passes', async () => {
    const all = await readiness({ project: 'SHOP', version: '3.2' });
    expect(all.attention[0]).toMatchObject({ key: 'SHOP-1', summary: expect.any(String), readiness: 'FAIL' });
    expect(all.totals.failing).toBeGreaterThan(0);
    const production = await readiness({ project: 'SHOP', version: '3.2', environment: 'production' });
    expect(production.attention.map((a: { key: string }) => a.key)).not.toContain('SHOP-1');
  });

  it('follows the next release when no version is chosen, read as the viewer only', async () => {
    calls = [];
    const next = await readiness({ project: 'SHOP' });
    expect(next).toMatchObject({ version: '3.2', released: false, followsNext: true });
    expect(next.totals).toEqual((await page()).totals);
    expect(jiraCalls().length).toBeGreaterThan(0);
    expect(jiraCalls().filter((c) => !c.includes(' as user '))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('egress'))).toEqual([]);
  });
});

describe('the trend', () => {
  it('starts after the next sync: before the first one there is nothing to show', () => {
    expect(beforeFirstSync.error).toBeUndefined();
    expect(beforeFirstSync).toMatchObject({ version: '3.2', totals: { requirements: 0 } });
    expect(beforeFirstSync.trend).toEqual({ state: 'pending' });
  });

  it('has a point from the first sync, whose totals are the figures shown', async () => {
    for (const context of [{}, { environment: 'staging' }, { environment: 'production' }]) {
      const view = await readiness({ project: 'SHOP', version: '3.2', ...context });
      expect(view.trend.state).toBe('shown');
      expect(view.trend.points).toHaveLength(1);
      const { at, ...totals } = view.trend.points[0];
      expect(Date.parse(at)).toBeLessThanOrEqual(Date.parse(view.computedAt));
      const { coveragePercent: _c, passPercent: _p, indexing: _i, ...shown } = view.totals;
      expect(totals).toEqual(shown);
    }
  });

  it('records no point, and asks Jira nothing for it, after a sync in which nothing changed', async () => {
    calls = [];
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    expect(jiraCalls()).toEqual([]);
    expect((await readiness({ project: 'SHOP', version: '3.2' })).trend.points).toHaveLength(1);
  });

  it('records one point per sync that recomputed coverage, with the new figures', async () => {
    const before = await readiness({ project: 'SHOP', version: '3.2' });
    // Every failed qTest run passes on a second try.
    const site = app.qtest.state.site('demo')!;
    const failed = site.runs.filter((r) => r.logs.at(-1)?.status === 'Failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) app.qtest.state.addLog('demo', r.id, 'Passed');
    calls = [];
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
    // Counted once, as the app: SHOP's versions (then the next release's issues: one search, one bulk fetch).
    expect(jiraCalls().filter((c) => c.endsWith('/rest/api/3/project/SHOP/versions'))).toEqual(['fpp/jira as app /rest/api/3/project/SHOP/versions']);

    const after = await readiness({ project: 'SHOP', version: '3.2' });
    expect(after.totals).toEqual((await page({ version: '3.2' })).totals);
    expect(after.totals.failing).toBeLessThan(before.totals.failing);
    expect(after.trend.state).toBe('shown');
    expect(after.trend.points.map((p: { failing: number }) => p.failing)).toEqual([before.totals.failing, after.totals.failing]);
    expect(Date.parse(after.trend.points[1].at)).toBeGreaterThan(Date.parse(after.trend.points[0].at));
  });

  it('is recorded for the next releases only: a released version says so', async () => {
    expect((await readiness({ project: 'SHOP', version: '3.1' })).trend).toEqual({ state: 'untracked' });
  });

  it('is hidden, saying why, from a viewer who sees fewer requirements than the app counted', async () => {
    const shown = await readiness({ project: 'SHOP', version: '3.2' });
    const counted = shown.trend.points.at(-1).requirements;
    // A requirement leaves the release in Jira; until a sync counts again the app's latest point has one more.
    const versions = (await app.jiraApi('GET', '/rest/api/3/project/SHOP/versions')).body as { id: string; name: string }[];
    const v31 = versions.find((v) => v.name === '3.1')!;
    const moved = 'SHOP-6';
    expect((await page({ version: '3.2' })).rows.map((r: { key: string }) => r.key)).toContain(moved);
    expect((await app.jiraApi('PUT', `/rest/api/3/issue/${moved}`, { fields: { fixVersions: [{ id: v31.id }] } })).status).toBe(204);
    try {
      const view = await readiness({ project: 'SHOP', version: '3.2' });
      expect(view.totals.requirements).toBe(counted - 1);
      expect(view.trend).toEqual({ state: 'hidden', reason: 'fewer-requirements', counted, seen: counted - 1 });
    } finally {
      const v32 = versions.find((v) => v.name === '3.2')!;
      expect((await app.jiraApi('PUT', `/rest/api/3/issue/${moved}`, { fields: { fixVersions: [{ id: v32.id }] } })).status).toBe(204);
    }
    expect((await readiness({ project: 'SHOP', version: '3.2' })).trend.state).toBe('shown');
  });
});

describe('what the viewer may see', () => {
  it('shows the trend to a viewer whose figures are the app’s, and hides it once tests they cannot browse make a difference', async () => {
    expect((await readiness({ project: 'SHOP', version: '3.2' }, 'demo-tester')).trend.state).toBe('shown');
    // demo-tester browses SHOP but not QA, where Xray's tests live: an Xray test of SHOP-1 fails on staging in 3.2.
    const shop1 = (await page({ version: '3.2' })).rows.find((r: { key: string }) => r.key === 'SHOP-1');
    const xrayTest = shop1.tests.find((t: { issueKey: string }) => t.issueKey.startsWith('QA-')).issueKey;
    const tenant = app.xray.state.tenant('demo');
    const execution = tenant.executions.find((e) => e.fixVersions?.includes('3.2') && e.environments.includes('staging'))!;
    app.xray.state.addRun('demo', { test: xrayTest, execution: execution.key, status: 'FAILED' });
    expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);

    const admin = await readiness({ project: 'SHOP', version: '3.2' });
    expect(admin.attention[0]).toMatchObject({ key: 'SHOP-1', readiness: 'FAIL' });
    expect(admin.trend.state).toBe('shown');
    const tester = await readiness({ project: 'SHOP', version: '3.2' }, 'demo-tester');
    expect(tester.totals).toEqual((await page({ version: '3.2' }, 'demo-tester')).totals);
    expect(tester.totals.failing).toBeLessThan(admin.totals.failing);
    expect(tester.trend).toEqual({ state: 'hidden', reason: 'hidden-tests', counted: admin.totals.requirements, seen: admin.totals.requirements });
  });

  it('tells a user who cannot browse the project that it does not exist for them, and reads no trend', async () => {
    expect(await readiness({ project: 'SHOP', version: '3.2' }, 'demo-outsider')).toEqual({
      error: { code: 'NOT_FOUND', message: 'Project SHOP does not exist or you do not have permission to see it.' },
    });
    expect(await gadget('getGadgetOptions', { project: 'SHOP' }, 'demo-outsider')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('offers in edit mode the projects the user may browse, the chosen one’s versions and its version’s environments', async () => {
    const tester = await gadget('getGadgetOptions', {}, 'demo-tester');
    expect(tester).toEqual({ projects: [{ key: 'SHOP', name: expect.any(String) }], moreProjects: false });
    const admin = await gadget('getGadgetOptions', { query: 'sho' });
    expect(admin.projects.map((p: { key: string }) => p.key)).toEqual(['SHOP']);
    const shop = await gadget('getGadgetOptions', { project: 'SHOP' }, 'demo-tester');
    expect(shop.versions.map((v: { name: string }) => v.name)).toEqual(['3.1', '3.2']);
    expect(shop.nextVersion).toBe('3.2');
    expect(shop.environments).toEqual(['production', 'staging']);
    expect((await gadget('getGadgetOptions', { project: 'SHOP', version: '3.1' }, 'demo-tester')).nextVersion).toBe('3.2');
  });
});

describe('bad configurations', () => {
  it.each([
    [{ project: 'shop' }, 'project: must be a Jira project key such as SHOP'],
    [{}, 'project'],
    [{ project: 'SHOP', version: '' }, 'version'],
    [{ project: 'SHOP', colour: 'red' }, 'colour'],
  ])('%j is refused with a specific error, before Jira is asked', async (payload, message) => {
    calls = [];
    const answer = await readiness(payload);
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(answer.error.message).toContain(message);
    expect(jiraCalls()).toEqual([]);
  });

  it('names a version the project does not have', async () => {
    expect(await readiness({ project: 'SHOP', version: '9.9' })).toEqual({ error: { code: 'NOT_FOUND', message: 'Project SHOP has no version "9.9".' } });
  });
});

describe('licence', () => {
  it.each(['getGadgetReadiness', 'getGadgetOptions'])('%s answers LICENCE_INACTIVE and reads or writes nothing', async (functionKey) => {
    calls = [];
    expect(await gadget(functionKey, { project: 'SHOP' }, 'demo-admin', 'inactive')).toEqual({
      error: { code: 'LICENCE_INACTIVE', message: expect.stringMatching(/^TestSync's licence for this site is not active\. /) },
    });
    expect(calls).toEqual([]);
    expect((await gadget(functionKey, { project: 'SHOP' }, 'demo-admin', 'none')).error).toBeUndefined();
  });
});
