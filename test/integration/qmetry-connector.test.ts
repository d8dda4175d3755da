import { createQmetryConnector, type QmetryConnectorOptions } from '../../src/connectors/qmetry';
import { ConnectorError, type Connector, type FetchLike, type HttpRequestInit } from '../../src/connectors/types';
import { DEMO_API_KEY, DEMO_CASES, DEMO_LIMITED_KEY, DEMO_PROJECT_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { readAllCases, readAllIds, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qmetry.com';
let clock = Date.parse('2026-11-24T09:00:00.000Z');
/** Every request the connector sent, headers and body included. */
let sent: Array<{ url: string; init: HttpRequestInit }> = [];

const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => {
  resetSimulator(running);
  sent = [];
});

const recording: FetchLike = (url, init = {}) => {
  sent.push({ url, init });
  return running.fetch(url, init);
};

function connector(extra: Partial<QmetryConnectorOptions> = {}): Connector {
  return createQmetryConnector({
    baseUrl: BASE,
    apiKey: DEMO_API_KEY,
    projectKey: DEMO_PROJECT_KEY,
    ...testTransport(recording, () => clock),
    budget: { limit: 10_000, windowMs: 1000 },
    ...extra,
  });
}

const allCases = (c: Connector, since?: string) => readAllCases(c, 'SHOPQA', since);
const allRuns = (c: Connector, since?: string) => readAllRuns(c, 'SHOPQA', since);

const host = () => running.sim.state.host('demo')!;
/** A simulator time as QMetry writes it back: to the second. */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
/** `dd-MM-yyyy HH:mm:ss` (the demo project's date format) → ms. */
const demoDate = (s: string) => {
  const [, d, m, y, t] = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}:\d{2}:\d{2})$/.exec(s)!;
  return Date.parse(`${y}-${m}-${d}T${t}Z`);
};
const body = (i: number) => JSON.parse(sent[i].init.body ?? '{}') as Record<string, unknown>;

describe('QMetry connector against the simulator', () => {
  it('lists the visible projects, archived ones hidden', async () => {
    expect(await connector().listProjects()).toEqual([{ id: 'SHOPQA', name: 'Shop QA', archived: false }]);
  });

  it('sends the Open API headers and JSON list bodies', async () => {
    await connector({ orgCode: 'DEMOSHOP' }).readTestCases('SHOPQA', {});
    expect(sent.length).toBeGreaterThan(3);
    for (const { init } of sent) {
      expect(init.headers).toMatchObject({ apikey: DEMO_API_KEY, project: 'SHOPQA', orgcode: 'DEMOSHOP' });
      if (init.method === 'POST') expect(init.headers?.['Content-Type']).toBe('application/json');
    }
    expect(sent[0]).toMatchObject({ url: `${BASE}/rest/admin/project/getinfo`, init: { method: 'GET' } });
    const list = sent.findIndex((s) => s.url.endsWith('/rest/testcases/list/viewColumns'));
    expect(body(list)).toMatchObject({
      viewId: host().projects[0].views.TC,
      folderPath: '',
      getSubEntities: true,
      start: 0,
      page: 1,
      limit: 100,
      filter: '[]',
      sort: '[{"property":"createdDate","direction":"ASC"}]',
    });
    const steps = sent.findIndex((s) => s.url.endsWith('/rest/testcases/steps/list'));
    expect(body(steps)).toEqual({ id: expect.any(Number), version: expect.any(Number), start: 0, page: 1, limit: 100 });
  });

  it('reads every test case page by page to the last page, with steps, versions, folders and Jira keys', async () => {
    const { items, pages } = await allCases(connector({ pageSize: 25 }));
    expect(pages).toBe(3);
    expect(items).toHaveLength(DEMO_CASES);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(DEMO_CASES);
    const listBodies = sent.map((s, i) => (s.url.endsWith('/list/viewColumns') && s.url.includes('testcases') ? body(i) : undefined)).filter(Boolean);
    expect(listBodies.map((b) => [b!.start, b!.page, b!.limit])).toEqual([[0, 1, 25], [25, 2, 25], [50, 3, 25]]);

    const sim = host().testCases.find((c) => c.entityKey === 'SHOPQA-TC-4')!;
    const v = sim.versions[sim.versions.length - 1];
    const tc = items.find((i) => i.displayId === 'SHOPQA-TC-4')!;
    expect(tc).toMatchObject({
      tool: 'qmetry',
      projectId: 'SHOPQA',
      externalId: String(sim.id),
      name: v.name,
      priority: v.priority,
      version: String(v.version),
      folderPath: 'Checkout/Payment',
      updatedAt: iso(v.updatedAt),
      url: `${BASE}/#/SHOPQA/testcase/${sim.id}`,
    });
    expect(tc.steps.map((s) => s.action)).toEqual(v.steps.map((s) => s.description));
    expect(tc.steps.map((s) => s.data)).toEqual(v.steps.map((s) => s.inputData || undefined));
    expect(tc.steps.map((s) => s.expected)).toEqual(v.steps.map((s) => s.expectedOutcome));
    expect(items.some((i) => Number(i.version) > 1)).toBe(true);

    const keys = new Set(items.flatMap((i) => i.requirementKeys));
    expect(keys.has('SHOP-1')).toBe(true);
    expect([...keys].every((k) => /^SHOP-([1-9]|1[01])$/.test(k))).toBe(true);
    expect(items.some((i) => i.requirementKeys.length === 0)).toBe(true);
  });

  it('reads incrementally by updatedDate: only the changed cases come back', async () => {
    const c = connector({ pageSize: 25 });
    const since = new Date(clock).toISOString();
    const none = await allCases(c, since);
    expect(none).toEqual({ items: [], pages: 1 });
    const list = sent.findIndex((s) => s.url.endsWith('/rest/testcases/list/viewColumns'));
    expect(body(list).sort).toBe('[{"property":"updatedDate","direction":"DESC"}]');

    clock += 60_000;
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-7', { name: 'Verify keyword search (edited)' });
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-9', { newVersion: true });
    const { items } = await allCases(c, since);
    expect(items.map((i) => i.displayId).sort()).toEqual(['SHOPQA-TC-7', 'SHOPQA-TC-9']);
    expect(items.find((i) => i.displayId === 'SHOPQA-TC-7')).toMatchObject({ name: 'Verify keyword search (edited)', updatedAt: new Date(clock).toISOString() });
    const tc9 = running.sim.state.testCase('demo', 'SHOPQA-TC-9')!;
    expect(items.find((i) => i.displayId === 'SHOPQA-TC-9')!.version).toBe(String(tc9.versions.length));
  });

  it('lists the execution status catalogue including the custom status', async () => {
    const statuses = await connector().listStatuses('SHOPQA');
    expect(statuses.map((s) => s.name)).toEqual(['Pass', 'Fail', 'Blocked', 'Not Run', 'WIP', 'Needs Review']);
    expect(statuses.find((s) => s.name === 'Not Run')).toEqual({ id: '304', name: 'Not Run', isDefault: true });
    expect(statuses.find((s) => s.name === 'Needs Review')).toEqual({ id: '401', name: 'Needs Review' });
    expect(sent[0].url).toBe(`${BASE}/rest/admin/execution/list`);
  });

  it('reads every run suite by suite with status, time, release, cycle and platform', async () => {
    const { items: runs, pages } = await allRuns(connector({ suitesPerPage: 2 }));
    expect(pages).toBe(3);
    expect(runs).toHaveLength(host().runs.length);
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(['Pass', 'Fail', 'Blocked', 'Not Run', 'WIP', 'Needs Review']));
    // Each cycle's runs are of its release; the suite outside any release has none and is named as the cycle.
    const releaseOf = Object.fromEntries(runs.map((r) => [r.cycle, r.version]));
    expect(releaseOf).toEqual({ 'Sprint 39': '3.1', 'Sprint 40': '3.1', 'Sprint 41': '3.2', 'Sprint 42': '3.2', 'Exploratory charters': undefined });
    expect(runs.every((r) => releaseOf[r.cycle!] === r.version)).toBe(true);
    expect(new Set(runs.map((r) => r.environment))).toEqual(new Set(['staging', 'production']));
    const sample = host().runs.find((r) => r.executedAt !== undefined)!;
    expect(runs.find((r) => r.externalId === String(sample.id))).toMatchObject({
      testCaseExternalId: String(sample.testCaseId),
      executedAt: iso(sample.executedAt!),
      updatedAt: iso(Math.max(sample.updatedAt, sample.executedAt!)),
      executedBy: sample.executedBy,
    });
    const cutoff = Date.parse('2026-11-16T00:00:00.000Z') - 31 * 86_400_000;
    expect(runs.filter((r) => r.status !== 'Not Run').every((r) => Date.parse(r.executedAt!) > cutoff)).toBe(true);
    for (const p of ['/rest/execution/list/platformHome', '/rest/execution/list/viewColumns']) {
      expect(sent.some((s) => s.url.endsWith(p))).toBe(true);
    }
    // Suite runs name their release, cycle and platform: the scope tree and the platform list are not needed.
    for (const p of ['/rest/admin/scope/tree', '/rest/admin/platform/list']) expect(sent.some((s) => s.url.endsWith(p))).toBe(false);
    // The runs of a suite run are asked for with the project's numeric id and client code, as the vendor's client does.
    const runCall = sent.find((s) => s.url.endsWith('/rest/execution/list/viewColumns'))!;
    expect(runCall.init.headers).toMatchObject({ scope: String(host().projects[0].id), orgcode: 'DEMOSHOP' });
    // Run rows name their case by key: a fresh connector looks the keys up with an entityKeyId filter.
    const lookups = sent.map((x, i) => (x.url.endsWith('/rest/testcases/list/viewColumns') ? String(body(i).filter) : '')).filter((f) => f.includes('entityKeyId'));
    expect(lookups.length).toBeGreaterThan(0);
    expect(JSON.parse(lookups[0])).toEqual([{ type: 'string', value: expect.stringMatching(/^SHOPQA-TC-\d+(,SHOPQA-TC-\d+)*$/), field: 'entityKeyId' }]);
  });

  it('reads runs incrementally and one case with its runs', async () => {
    const c = connector();
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const run = running.sim.state.execute('demo', { suite: 'Sprint 42 regression', platform: 'production', entityKey: 'SHOPQA-TC-3', status: 'Needs Review' });
    const { items } = await allRuns(c, since);
    expect(items).toEqual([expect.objectContaining({ externalId: String(run.id), status: 'Needs Review', version: '3.2', cycle: 'Sprint 42', environment: 'production' })]);

    const tc = running.sim.state.testCase('demo', 'SHOPQA-TC-3')!;
    const one = await c.readTestCase('SHOPQA', String(tc.id));
    expect(one?.testCase).toMatchObject({ externalId: String(tc.id), displayId: 'SHOPQA-TC-3' });
    const suiteRunIds = new Set(host().suiteRuns.map((s) => s.id));
    expect(one?.runs.map((r) => r.externalId).sort()).toEqual(
      host().runs.filter((r) => r.testCaseId === tc.id && suiteRunIds.has(r.suiteRunId)).map((r) => String(r.id)).sort(),
    );
    expect(one?.runs.find((r) => r.externalId === String(run.id))).toMatchObject({ status: 'Needs Review', version: '3.2', cycle: 'Sprint 42', environment: 'production' });
    const allKeys = (await allCases(c)).items.find((i) => i.externalId === String(tc.id))!.requirementKeys;
    expect(one?.testCase.requirementKeys).toEqual(allKeys);
    expect(await c.readTestCase('SHOPQA', '999999')).toBeNull();
  });

  it('lists every test case id, 100 per request; a deleted case is gone', async () => {
    const snap = running.sim.snapshot();
    try {
      const c = connector();
      const pid = host().projects.find((p) => p.key === DEMO_PROJECT_KEY)!.id;
      const expected = host().testCases.filter((x) => x.projectId === pid).map((x) => String(x.id));
      const { items, pages } = await readAllIds(c, 'SHOPQA');
      expect(pages).toBe(Math.ceil(expected.length / 100));
      expect([...items].sort()).toEqual([...expected].sort());
      expect(body(sent.length - 1)).toMatchObject({ limit: 100, start: 0 });
      running.sim.state.deleteTestCase('demo', 'SHOPQA-TC-2');
      const after = await readAllIds(c, 'SHOPQA');
      expect(after.items).toHaveLength(expected.length - 1);
      expect(await c.readTestCase('SHOPQA', expected.find((id) => !after.items.includes(id))!)).toBeNull();
    } finally {
      running.sim.restore(snap);
    }
  });

  it('answers 403 for a project the key has no role in', async () => {
    const e = await connector({ apiKey: DEMO_LIMITED_KEY }).readTestCases('SHOPQA', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('MISSING_PERMISSION');
  });
});

describe('QMetry simulator request validation', () => {
  const call = (path: string, payload?: unknown, headers: Record<string, string> = {}, hostName = 'demo.qmetry.com') =>
    fetch(`${running.localBase}/qmetry${path}`, {
      method: payload === undefined ? 'GET' : 'POST',
      headers: { 'x-sim-host': hostName, apikey: DEMO_API_KEY, project: 'SHOPQA', 'Content-Type': 'application/json', ...headers },
      body: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const view = () => host().projects[0].views.TC;

  it('enforces paging bounds and JSON-string filters', async () => {
    const ok = await call('/rest/testcases/list/viewColumns', { viewId: view(), folderPath: '', limit: 100 });
    expect(await ok.json()).toMatchObject({ total: DEMO_CASES });
    expect((await call('/rest/testcases/list/viewColumns', { viewId: view(), folderPath: '', limit: 101 })).status).toBe(400);
    expect((await call('/rest/testcases/list/viewColumns', { viewId: view(), folderPath: '', start: -1 })).status).toBe(400);
    expect((await call('/rest/testcases/list/viewColumns', { viewId: view(), folderPath: '', filter: [] })).status).toBe(400);
    const sub = await call('/rest/testcases/list/viewColumns', { viewId: view(), folderPath: '/Checkout', limit: 100 });
    expect(((await sub.json()) as { data: Array<{ folderPath: string }> }).data.every((r) => r.folderPath.startsWith('/Checkout/'))).toBe(true);
  });

  it('answers missing mandatory fields and invalid JSON with 400', async () => {
    const missing = await call('/rest/testcases/list/viewColumns', { folderPath: '' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'Invalid json object or mandatory fields missing: viewId', code: 400 });
    const bad = await call('/rest/admin/execution/list', '{"start":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/Invalid json/), code: 400 });
    expect((await call('/rest/testcases/list/viewColumns', { viewId: 1, folderPath: '' })).status).toBe(400);
  });

  it('requires the apikey and project headers and answers unknown sites with an HTML 404', async () => {
    const anon = await call('/rest/admin/project/getinfo', undefined, { apikey: '' });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toContain('text/plain');
    expect(await anon.text()).toBe('Unauthorized');
    const noProject = await call('/rest/admin/project/getinfo', undefined, { project: '' });
    expect(noProject.status).toBe(400);
    const archived = await call('/rest/admin/project/getinfo', undefined, { project: 'OLD' });
    expect(archived.status).toBe(404);
    expect(await archived.json()).toEqual({ error: 'Project OLD not found', code: 404 });
    const missing = await call('/rest/admin/project/getinfo', undefined, {}, 'nosuch.qmetry.com');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
  });

  it('filters and sorts like QMetry (date comparison in the project format, sort by time, not text)', async () => {
    const tc = host().testCases[0];
    const res = await call('/rest/testcases/execution', {
      tcid: tc.id,
      limit: 100,
      filter: JSON.stringify([{ value: '03-11-2026', type: 'date', field: 'executedDate', comparison: 'gt' }]),
      sort: JSON.stringify([{ property: 'executedDate', direction: 'DESC' }]),
    });
    const answer = (await res.json()) as { data: Array<{ executedDate: string }>; totalCount: number };
    const times = answer.data.map((r) => demoDate(r.executedDate));
    expect(times.length).toBeGreaterThan(1);
    expect(answer.totalCount).toBe(times.length);
    expect(times.every((t) => t > Date.parse('2026-11-03T00:00:00Z'))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('sets faults over HTTP and snapshots its state', async () => {
    const set = await call('/__sim/faults', { serverError: { count: 1, status: 502 } });
    expect(set.status).toBe(200);
    expect((await call('/rest/admin/project/getinfo')).status).toBe(502);
    expect((await call('/rest/admin/project/getinfo')).status).toBe(200);
    expect((await call('/__sim/faults', { bogus: 1 })).status).toBe(400);

    const snap = running.sim.snapshot();
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-1', { name: 'changed' });
    running.sim.restore(snap);
    expect(running.sim.state.testCase('demo', 'SHOPQA-TC-1')!.versions.at(-1)!.name).not.toBe('changed');
  });
});
