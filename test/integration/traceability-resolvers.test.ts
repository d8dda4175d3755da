/**
 * The traceability page's backend on the local runtime, after a sync of the demo from qTest, Xray and QMetry: a
 * version's requirements with their tests' results and defects, read from the app's index and from Jira as the
 * viewing user (no tool call); what a user may not browse stays out; a bad payload gets a specific error; a site
 * whose licence is not active gets LICENCE_INACTIVE before anything is read; the CSV is the table, every page of it.
 */
import type { InvocationContext } from '../../local/runtime';
import type { LicenseMode } from '../../local/runtime/context';
import { READINESS_ORDER } from '../../src/domain/readiness';
import { cellTexts, TRACE_COLUMNS } from '../../src/traceability/columns';
import { startTestApp, type TestApp } from '../support/local-app';

const CONTEXT = { extension: { type: 'jira:projectPage', project: { key: 'SHOP', id: '10000', type: 'software' } } };

let app: TestApp;
/** Every platform and egress call the app made since the last reset, with who made Jira calls. */
let calls: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  const egressFetch = runtime.egressFetch.bind(runtime);
  runtime.forgeFetch = (ctx: InvocationContext, descriptor, p, init) => {
    calls.push(`${descriptor?.type}${descriptor?.remote ? `/${descriptor.remote} as ${descriptor.provider}` : ''} ${p}`);
    return forgeFetch(ctx, descriptor, p, init);
  };
  runtime.egressFetch = (ctx: InvocationContext, input, init) => {
    calls.push(`egress ${String(input instanceof Request ? input.url : input)}`);
    return egressFetch(ctx, input, init);
  };
});
afterAll(async () => app?.close());

const trace = (functionKey: string, payload: unknown = {}, accountId = 'demo-admin', opts: { license?: LicenseMode; context?: Record<string, unknown> } = {}): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-traceability', functionKey, payload, accountId, context: opts.context ?? CONTEXT, ...(opts.license ? { license: opts.license } : {}) });

describe('traceability of a version', () => {
  it('opens on the nearest unreleased version with its requirements, failing first, totals over all of them', async () => {
    calls = [];
    const view = await trace('getTraceability');
    expect(view.error).toBeUndefined();
    expect(view.versions.map((v: { name: string }) => v.name)).toEqual(['3.1', '3.2']);
    expect(view.version).toBe('3.2');
    expect(view.rows.map((r: { key: string }) => r.key).sort()).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-4', 'SHOP-5', 'SHOP-6']);
    const ranks = view.rows.map((r: { readiness: string }) => READINESS_ORDER.indexOf(r.readiness as never));
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    const count = (readiness: string) => view.rows.filter((r: { readiness: string }) => r.readiness === readiness).length;
    expect(view.totals).toMatchObject({ requirements: 6, failing: count('FAIL'), passing: count('PASS'), uncovered: count('UNCOVERED'), indexing: 0 });
    expect(view.index).toEqual({ building: false, indexing: 0, damaged: false });
    // Every covering test from every tool, with the tool's own id.
    const shop1 = view.rows.find((r: { key: string }) => r.key === 'SHOP-1');
    expect(new Set(shop1.tests.map((t: { tool: string }) => t.tool))).toEqual(new Set(['qtest', 'xray', 'qmetry']));
    expect(view.facets.environments).toEqual(['production', 'staging']);
    // Read from the app's index and from Jira as the user: no test tool is called, no Jira call as the app.
    expect(calls.filter((c) => c.startsWith('egress'))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('fpp/jira') && !c.includes(' as user '))).toEqual([]);
  });

  it("says what the requirement's coverage property says of its fix version and each environment", async () => {
    const [issue] = await app.search('key = SHOP-1', ['summary'], ['testsync-coverage']);
    const readinessIn: string[] = issue.properties['testsync-coverage'].readinessIn;
    // SHOP-1 is a requirement of 3.2 (its fix version): the page lists it there, not in 3.1.
    expect((await trace('getTraceability', { version: '3.1' })).rows.map((r: { key: string }) => r.key)).not.toContain('SHOP-1');
    for (const [where, expected] of readinessIn.map((r) => r.split('=')).filter(([where]) => where.split('/')[0] === '3.2')) {
      const [version, environment] = where.split('/');
      const view = await trace('getTraceability', { version, ...(environment ? { environment } : {}) });
      expect(`${where}=${view.rows.find((r: { key: string }) => r.key === 'SHOP-1')?.readiness}`).toBe(`${where}=${expected}`);
    }
    expect(readinessIn).toEqual(expect.arrayContaining(['3.2=FAIL', '3.2/staging=FAIL', '3.2/production=PASS', '3.1=PASS']));
  });

  it('filters by environment, component and readiness; another version has its own requirements', async () => {
    const staging = await trace('getTraceability', { environment: 'staging' });
    const production = await trace('getTraceability', { environment: 'production' });
    const readinessOf = (view: any) => view.rows.find((r: { key: string }) => r.key === 'SHOP-1')?.readiness;
    expect([readinessOf(staging), readinessOf(production)]).toEqual(['FAIL', 'PASS']);
    const checkout = await trace('getTraceability', { component: 'Checkout' });
    expect(checkout.rows.length).toBeGreaterThan(0);
    expect(checkout.rows.length).toBeLessThan(6);
    for (const r of checkout.rows) expect(r.components).toContain('Checkout');
    const failing = await trace('getTraceability', { readiness: 'FAIL' });
    expect(failing.rows.every((r: { readiness: string }) => r.readiness === 'FAIL')).toBe(true);
    expect(failing.totals).toEqual((await trace('getTraceability')).totals);
    const older = await trace('getTraceability', { version: '3.1' });
    expect(older.rows.map((r: { key: string }) => r.key).sort()).toEqual(['SHOP-10', 'SHOP-11', 'SHOP-12', 'SHOP-7', 'SHOP-8', 'SHOP-9']);
  });

  it('keeps a requirement whose components or links Jira answers in a shape the page cannot read', async () => {
    const before = await trace('getTraceability');
    const runtime = app.server.runtime;
    const forgeFetch = runtime.forgeFetch;
    runtime.forgeFetch = async (ctx, descriptor, p, init) => {
      const response = await forgeFetch.call(runtime, ctx, descriptor, p, init);
      if (!p.includes('/issue/bulkfetch')) return response;
      const body = await response.json();
      for (const issue of body.issues ?? []) if (issue.key === 'SHOP-4') Object.assign(issue.fields, { components: 'Catalog', issuelinks: { unexpected: true } });
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    try {
      const view = await trace('getTraceability');
      expect(view.rows.map((r: { key: string }) => r.key).sort()).toEqual(before.rows.map((r: { key: string }) => r.key).sort());
      const shop4 = view.rows.find((r: { key: string }) => r.key === 'SHOP-4');
      expect(shop4).toMatchObject({ components: [], defects: [], readiness: before.rows.find((r: { key: string }) => r.key === 'SHOP-4').readiness });
      expect(view.totals.requirements).toBe(before.totals.requirements);
    } finally {
      runtime.forgeFetch = forgeFetch;
    }
  });

  it('pages the rows with true totals', async () => {
    const first = await trace('getTraceability', { limit: 4 });
    expect(first.rows).toHaveLength(4);
    expect(first.page).toEqual({ offset: 0, limit: 4, total: 6, nextOffset: 4 });
    const second = await trace('getTraceability', { limit: 4, offset: 4 });
    expect(second.rows).toHaveLength(2);
    expect(second.page.nextOffset).toBeUndefined();
    expect([...first.rows, ...second.rows]).toEqual((await trace('getTraceability')).rows);
  });

  it('exports every row the filters show as CSV, with the columns and words of the table', async () => {
    const view = await trace('getTraceability', { environment: 'staging', limit: 2 });
    const all = [...view.rows, ...(await trace('getTraceability', { environment: 'staging', offset: 2, limit: 100 })).rows];
    const file = await trace('exportTraceability', { environment: 'staging' });
    expect(file.fileName).toBe('traceability-SHOP-3.2-staging.csv');
    expect(file.rows).toBe(view.totals.requirements);
    const expected = [TRACE_COLUMNS.map((c) => c.header), ...all.map((r: any) => TRACE_COLUMNS.map((c) => cellTexts(r)[c.key]))];
    const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    expect(file.csv).toBe(`${expected.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`);
  });
});

describe('what the viewer may see', () => {
  it('shows nothing of a project the user cannot browse', async () => {
    expect(await trace('getTraceability', {}, 'demo-outsider')).toEqual({
      error: { code: 'NOT_FOUND', message: 'Project SHOP does not exist or you do not have permission to see it.' },
    });
    expect(await trace('exportTraceability', {}, 'demo-outsider')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('leaves out tests and defects in projects the user cannot browse, and does not count them', async () => {
    const bug = await app.jiraApi('POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Bug' }, summary: 'Card declined on staging' } });
    expect(bug.status).toBe(201);
    const link = await app.jiraApi('POST', '/rest/api/3/issueLink', { type: { name: 'Relates' }, inwardIssue: { key: bug.body.key }, outwardIssue: { key: 'SHOP-1' } });
    expect(link.status).toBe(201);
    const admin = (await trace('getTraceability')).rows.find((r: { key: string }) => r.key === 'SHOP-1');
    const tester = (await trace('getTraceability', {}, 'demo-tester')).rows.find((r: { key: string }) => r.key === 'SHOP-1');
    expect(admin.defects).toContainEqual({ key: bug.body.key, summary: 'Card declined on staging', status: 'To Do', open: true, links: [{ in: 'jira' }] });
    // The demo's Bug OPS-1, which qTest links to the failed run of one of SHOP-1's tests in 3.2, is its defect too.
    expect(admin.defects).toContainEqual({ key: 'OPS-1', summary: 'Saved card payment declined on staging', status: 'To Do', open: true, links: [{ in: 'qtest', test: expect.stringMatching(/^SHOP-\d+$/) }] });
    expect(admin.defects).toHaveLength(2);
    // demo-tester browses SHOP, not OPS: neither defect is theirs to see.
    expect(tester.defects).toEqual([]);
    // demo-tester browses SHOP, not Xray's project QA.
    const xray = admin.tests.filter((t: { issueKey: string }) => t.issueKey.startsWith('QA-'));
    expect(xray.length).toBeGreaterThan(0);
    expect(tester.tests.some((t: { issueKey: string }) => t.issueKey.startsWith('QA-'))).toBe(false);
    expect(tester.hiddenTests).toBe(xray.length);
    expect(tester.tests).toHaveLength(admin.tests.length - xray.length);
  });
});

describe('bad requests', () => {
  it.each([
    [{ limit: 5000 }, /limit/],
    [{ offset: -1 }, /offset/],
    [{ readiness: 'GREEN' }, /readiness/],
    [{ epic: 'not a key' }, /epic: must be an issue key such as SHOP-12/],
    [{ environment: '' }, /environment/],
    [{ sort: 'summary' }, /sort/],
  ])('%j is refused with a specific error', async (payload, message) => {
    calls = [];
    const answer = await trace('getTraceability', payload);
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(answer.error.message).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('names a version the project does not have', async () => {
    expect(await trace('getTraceability', { version: '9.9' })).toEqual({ error: { code: 'NOT_FOUND', message: 'Project SHOP has no version "9.9".' } });
  });

  it('needs the project Jira opens the page in', async () => {
    expect(await trace('getTraceability', {}, 'demo-admin', { context: { extension: { type: 'jira:projectPage' } } })).toEqual({
      error: { code: 'INVALID_INPUT', message: 'The traceability page was opened without a project.' },
    });
  });
});

describe('licence', () => {
  it.each(['getTraceability', 'exportTraceability'])('%s answers LICENCE_INACTIVE and reads or writes nothing', async (functionKey) => {
    calls = [];
    expect(await trace(functionKey, {}, 'demo-admin', { license: 'inactive' })).toEqual({
      error: { code: 'LICENCE_INACTIVE', message: expect.stringMatching(/^TestSync's licence for this site is not active\. /) },
    });
    expect(calls).toEqual([]);
    expect((await trace(functionKey, {}, 'demo-admin', { license: 'none' })).error).toBeUndefined();
  });
});
