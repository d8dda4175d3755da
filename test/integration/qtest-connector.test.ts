import { createQtestConnector, type QtestConnectorOptions } from '../../src/connectors/qtest';
import { createConnector } from '../../src/connectors/registry';
import type { ConnectionRecord } from '../../src/config/connections';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_API_TOKEN, DEMO_LIMITED_TOKEN, DEMO_USER } from '../../local/demo/qtest/generate';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import { readAllCases, readAllIds, readAllRuns as readAllRunPages, resetSimulator, testTransport, useSimulator } from '../support/connectors';

const BASE = 'https://demo.qtestnet.com';
let clock = Date.parse('2026-11-24T09:00:00.000Z');

const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock, loginTtlSeconds: 600 }));
beforeEach(() => resetSimulator(running));
// Every request the connector sent was one qTest's Swagger allows, and every answer matched it.
afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

function connector(extra: Partial<QtestConnectorOptions> = {}): Connector {
  return createQtestConnector({
    baseUrl: BASE,
    auth: { kind: 'token', token: DEMO_API_TOKEN },
    ...testTransport(running.fetch, () => clock),
    ...extra,
  });
}

const readAllRuns = async (c: Connector, projectId: string, modifiedSince?: string) =>
  (await readAllRunPages(c, projectId, modifiedSince)).items;

const site = () => running.sim.state.site('demo')!;

describe('qTest connector against the simulator', () => {
  it('lists the visible projects, archived ones hidden', async () => {
    expect(await connector().listProjects()).toEqual([
      { id: '101', name: 'Web Storefront', archived: false },
      { id: '102', name: 'Mobile App', archived: false },
    ]);
  });

  it('logs in with username/password once and reuses the token until it expires', async () => {
    const c = connector({ auth: { kind: 'password', username: DEMO_USER.username, password: DEMO_USER.password } });
    await c.listProjects();
    await c.listStatuses('101');
    expect(running.calls.filter((x) => x.url.endsWith('/oauth/token'))).toHaveLength(1);
    clock += 11 * 60_000; // past the 600 s lifetime
    await c.listProjects();
    expect(running.calls.filter((x) => x.url.endsWith('/oauth/token'))).toHaveLength(2);
  });

  it('builds a stored password connection as a login: POST /oauth/token first, then the projects with the token it issued', async () => {
    const record: ConnectionRecord = {
      id: 'qtest-login', tool: 'qtest', name: 'qTest login', baseUrl: BASE, settings: { qtestAuth: 'password', username: DEMO_USER.username },
      enabled: true, connected: true, createdAt: '2026-11-24T09:00:00.000Z', updatedAt: '2026-11-24T09:00:00.000Z',
    };
    const c = createConnector(record, { apiToken: DEMO_USER.password }, running.fetch);
    expect(await c.listProjects()).toEqual([
      { id: '101', name: 'Web Storefront', archived: false },
      { id: '102', name: 'Mobile App', archived: false },
    ]);
    expect(running.calls.map((x) => `${x.method} ${new URL(x.url).pathname}`)).toEqual(['POST /oauth/token', 'GET /api/v3/projects']);
    // The same record without a login (as stored before logins were offered) sends its secret as an API token.
    running.calls.length = 0;
    const token = createConnector({ ...record, settings: {} }, { apiToken: DEMO_API_TOKEN }, running.fetch);
    expect(await token.listProjects()).toHaveLength(2);
    expect(running.calls.map((x) => `${x.method} ${new URL(x.url).pathname}`)).toEqual(['GET /api/v3/projects']);
  });

  it('reports a wrong password as INVALID_CREDENTIALS without echoing it', async () => {
    const c = connector({ auth: { kind: 'password', username: DEMO_USER.username, password: 'wrong-password-42' } });
    const check = await c.checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS', message: 'qTest rejected the username or password.' });
    expect(JSON.stringify(check)).not.toContain('wrong-password-42');
  });

  it('reads every test case page by page with steps, modules and requirement keys', async () => {
    const { items, pages } = await readAllCases(connector({ pageSize: 50 }), '101');
    const expected = site().cases.filter((c) => c.projectId === 101);
    expect(pages).toBe(3);
    expect(items).toHaveLength(expected.length);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(expected.length);
    for (const tc of items) {
      expect(tc.steps.length).toBeGreaterThanOrEqual(2);
      expect(tc.steps.length).toBeLessThanOrEqual(6);
      expect(tc.steps[0]).toEqual(expect.objectContaining({ index: 1, action: expect.any(String), expected: expect.any(String) }));
      expect(tc.requirementKeys.every((k) => /^SHOP-(\d|1[01])$/.test(k))).toBe(true);
      expect(tc.displayId).toMatch(/^TC-\d+$/);
    }
    const first = items.find((i) => i.externalId === String(expected[0].id))!;
    const sim = expected[0];
    expect(first).toMatchObject({
      tool: 'qtest',
      projectId: '101',
      name: sim.name,
      priority: sim.priority,
      labels: [sim.type],
      folderPath: 'Catalog/Search',
      updatedAt: new Date(sim.lastModifiedAt).toISOString(),
      url: `${BASE}/p/101/portal/project#tab=testdesign&object=1&id=${sim.id}`,
    });
    expect(first.steps.map((s) => s.action)).toEqual(sim.steps.map((s) => s.description));
    const keys = new Set(items.flatMap((i) => i.requirementKeys));
    expect(keys.has('SHOP-12')).toBe(false);
    expect(items.some((i) => i.requirementKeys.length === 0)).toBe(true);
  });

  it('reads a whole project in four requests at the maximum page size', async () => {
    const { items, pages } = await readAllCases(connector(), '102');
    expect(pages).toBe(1);
    expect(items).toHaveLength(80);
    const searches = running.calls.filter((c) => c.url.includes('/search'));
    expect(searches).toHaveLength(2); // test cases + requirement catalogue
    expect(searches[0].url).toContain('pageSize=999');
    expect(searches[0].url).toContain('appendTestSteps=true');
    expect(running.calls).toHaveLength(4);
  });

  it('reads incrementally: only the modified case comes back', async () => {
    const c = connector();
    const since = new Date(clock).toISOString();
    expect((await readAllCases(c, '101', since)).items).toHaveLength(0);
    clock += 60_000;
    const target = site().cases.find((x) => x.projectId === 101 && x.pid === 'TC-7')!;
    running.sim.state.modifyTestCase('demo', 101, target.id, { name: 'Verify keyword search (edited)' });
    const { items } = await readAllCases(c, '101', since);
    expect(items.map((i) => [i.externalId, i.name])).toEqual([[String(target.id), 'Verify keyword search (edited)']]);
    expect(items[0].updatedAt).toBe(new Date(clock).toISOString());
  });

  it('lists the execution status catalogue including the custom status', async () => {
    const statuses = await connector().listStatuses('101');
    expect(statuses.map((s) => s.name)).toEqual(['Passed', 'Failed', 'Incomplete', 'Blocked', 'Unexecuted', 'Retest']);
    expect(statuses.find((s) => s.name === 'Unexecuted')).toEqual({ id: '605', name: 'Unexecuted', isDefault: true });
    expect(statuses.find((s) => s.name === 'Retest')).toEqual({ id: '10001', name: 'Retest' });
  });

  it('reads every execution (test log) of every run, with time, release, cycle, environment and tester', async () => {
    const runs = await readAllRuns(connector({ pageSize: 500 }), '101');
    const simRuns = site().runs.filter((r) => r.projectId === 101);
    // One entry per test log; a run never executed is one entry of its own.
    expect(runs).toHaveLength(simRuns.reduce((n, r) => n + Math.max(1, r.logs.length), 0));
    expect(new Set(runs.map((r) => r.externalId)).size).toBe(runs.length);
    const statuses = new Set(runs.map((r) => r.status));
    for (const s of ['Passed', 'Failed', 'Blocked', 'Incomplete', 'Unexecuted', 'Retest']) expect(statuses.has(s)).toBe(true);
    // Each cycle's runs are of the release the cycle sits under; the root cycle targets none.
    const releaseOf = Object.fromEntries(runs.map((r) => [r.cycle, r.version]));
    expect(releaseOf).toEqual({
      'Sprint 39 regression': '3.1',
      'Sprint 40 regression': '3.1',
      'Release 3.1': '3.1',
      'Sprint 41 regression': '3.2',
      'Release 3.2': '3.2',
      'Exploratory sessions': undefined,
    });
    expect(runs.every((r) => releaseOf[r.cycle!] === r.version)).toBe(true);
    // The Environment each run inherited from its test suite.
    expect(new Set(runs.map((r) => r.environment))).toEqual(new Set(['staging', 'production']));
    expect(runs.every((r) => r.url === undefined)).toBe(true);

    const twice = simRuns.find((r) => r.logs.length === 2)!;
    const entries = runs.filter((r) => r.externalId.startsWith(`${twice.id}:`));
    expect(entries).toEqual(
      twice.logs.map((log) =>
        expect.objectContaining({
          externalId: `${twice.id}:${log.id}`,
          testCaseExternalId: String(twice.testCaseId),
          status: log.status,
          executedAt: new Date(log.exeEnd).toISOString(),
          updatedAt: new Date(twice.lastModifiedAt).toISOString(),
          executedBy: log.tester,
        }),
      ),
    );
    const never = simRuns.find((r) => r.logs.length === 0)!;
    expect(runs.find((r) => r.externalId === String(never.id))).toMatchObject({ status: 'Unexecuted', testCaseExternalId: String(never.testCaseId) });
  });

  it('reads the logs of a page of runs in bulk: a handful of requests, not one per run', async () => {
    await readAllRuns(connector(), '102');
    const counts = new Map<string, number>();
    for (const c of running.calls) counts.set(`${c.method} ${c.url.replace(/\?.*$/, '')}`, (counts.get(`${c.method} ${c.url.replace(/\?.*$/, '')}`) ?? 0) + 1);
    const logs = site()
      .runs.filter((r) => r.projectId === 102)
      .reduce((n, r) => n + r.logs.length, 0);
    // 1 search of runs, 1 test-log search per 999 logs (every run of the page in one query), where runs sit (the
    // releases, the cycles under the root and under each of the 2 releases), the project's users (testers).
    expect(Object.fromEntries(counts)).toEqual({
      'POST https://demo.qtestnet.com/api/v3/projects/102/search': 1 + Math.ceil(logs / 999),
      'GET https://demo.qtestnet.com/api/v3/projects/102/releases': 1,
      'GET https://demo.qtestnet.com/api/v3/projects/102/test-cycles': 3,
      'GET https://demo.qtestnet.com/api/v3/projects/102/users': 1,
    });
  });

  it('pages every list to its end: projects and the cycle trees at a small page size', async () => {
    const small = connector({ pageSize: 2, budget: { limit: 100_000, windowMs: 10_000 } });
    expect((await small.listProjects()).map((p) => p.id)).toEqual(['101', '102']);
    // Incremental from the epoch: a first read of several pages would read the project's logs ahead, two a request.
    const first = await small.readRuns('101', { modifiedSince: '1970-01-01T00:00:00.000Z' });
    expect(first.items.length).toBeGreaterThanOrEqual(2);
    expect(first.next).toBeDefined();
    // The root's one cycle on a short page; release 3.1's three cycles on two pages; release 3.2's two on a full page,
    // then an empty one.
    const cyclePages = running.calls
      .filter((c) => c.url.includes('/test-cycles'))
      .map((c) => new URL(c.url).searchParams)
      .map((q) => `${q.get('parentType')}:${q.get('parentId')}:${q.get('page')}`);
    const [r31, r32] = site().releases.filter((r) => r.projectId === 101).map((r) => r.id);
    expect(cyclePages).toEqual(['root:0:1', `release:${r31}:1`, `release:${r31}:2`, `release:${r32}:1`, `release:${r32}:2`]);
    expect(running.calls.filter((c) => c.url.includes('/api/v3/projects?')).map((c) => new URL(c.url).searchParams.get('page'))).toEqual(['1', '2']);
    // The cycles of every page were read: runs of release 3.1's third cycle (its second page) are named.
    const simRun = site().runs.find((r) => r.projectId === 101 && site().cycles.find((c) => c.name === 'Release 3.1')!.suites.some((s) => s.id === r.suiteId))!;
    const one = await small.readTestCase('101', String(simRun.testCaseId));
    expect(one?.runs.some((r) => r.cycle === 'Release 3.1' && r.version === '3.1')).toBe(true);
  });

  it('falls back to each run\'s log list when the site refuses a test-log search by run', async () => {
    const strict = await startQtestSimulator({ seed: 'demo', now: () => clock, testLogRunCriterion: false });
    try {
      // One request per executed run: more than the default budget of 50 per 10 s allows on a clock that stands still.
      const c = createQtestConnector({
        baseUrl: BASE,
        auth: { kind: 'token', token: DEMO_API_TOKEN },
        ...testTransport(strict.fetch, () => clock),
        budget: { limit: 100_000, windowMs: 10_000 },
      });
      const bulk = await readAllRuns(connector(), '102');
      const fallback = await readAllRuns(c, '102');
      expect(fallback).toEqual(bulk);
      const executed = strict.sim.state.site('demo')!.runs.filter((r) => r.projectId === 102 && r.logs.length > 0).length;
      expect(strict.calls.filter((x) => /test-runs\/\d+\/test-logs/.test(x.url))).toHaveLength(executed);
      expect(takeViolations(strict.sim)).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('reads runs incrementally and one case with its runs', async () => {
    const c = connector();
    const tc = site().cases.find((x) => x.projectId === 102)!;
    const since = new Date(clock).toISOString();
    clock += 60_000;
    const run = running.sim.state.addRun('demo', { projectId: 102, testCaseId: tc.id, cycle: 'Release 3.2', status: 'Retest', environment: 'production' });
    const fresh = await readAllRuns(c, '102', since);
    expect(fresh).toEqual([
      expect.objectContaining({ externalId: `${run.id}:${run.logs[0].id}`, status: 'Retest', version: '3.2', cycle: 'Release 3.2', environment: 'production' }),
    ]);

    const one = await c.readTestCase('102', String(tc.id));
    expect(one?.testCase.externalId).toBe(String(tc.id));
    const expected = site()
      .runs.filter((r) => r.testCaseId === tc.id)
      .flatMap((r) => (r.logs.length ? r.logs.map((l) => `${r.id}:${l.id}`) : [String(r.id)]));
    expect(one?.runs.map((r) => r.externalId).sort()).toEqual(expected.sort());
    expect(await c.readTestCase('102', '999999')).toBeNull();
  });

  it('lists every test case id in one search asking only for ids; a deleted case is gone', async () => {
    const snap = running.sim.snapshot();
    try {
      const c = connector();
      const expected = site().cases.filter((x) => x.projectId === 101).map((x) => String(x.id));
      const { items, pages } = await readAllIds(c, '101');
      expect(pages).toBe(1);
      expect([...items].sort()).toEqual([...expected].sort());
      expect(running.calls).toHaveLength(1);
      expect(running.calls[0].url).toContain('/api/v3/projects/101/search?pageSize=999&page=1');
      running.sim.state.deleteTestCase('demo', 101, Number(expected[3]));
      const after = await readAllIds(c, '101');
      expect(after.items).toHaveLength(expected.length - 1);
      expect(after.items).not.toContain(expected[3]);
    } finally {
      running.sim.restore(snap);
    }
  });

  it('answers 403 for a project the user cannot access', async () => {
    const c = connector({ auth: { kind: 'token', token: DEMO_LIMITED_TOKEN } });
    expect((await c.listProjects()).map((p) => p.id)).toEqual(['101']);
    const e = await c.readTestCases('102', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('MISSING_PERMISSION');
  });
});

describe('qTest simulator request validation', () => {
  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}, host = 'demo.qtestnet.com') =>
    fetch(`${running.localBase}/qtest${path}`, {
      ...init,
      headers: { 'x-sim-host': host, Authorization: `Bearer ${DEMO_API_TOKEN}`, ...init.headers },
    });
  const search = (query: string, body: unknown) =>
    call(`/api/v3/projects/101/search${query}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

  it('rejects page sizes over 999 and bad paging params', async () => {
    expect((await search('?pageSize=1000', { object_type: 'test-cases' })).status).toBe(400);
    expect((await search('?page=0', { object_type: 'test-cases' })).status).toBe(400);
    const ok = await search('', { object_type: 'test-cases' });
    expect(await ok.json()).toMatchObject({ page: 1, page_size: 100, total: 120 });
  });

  it('rejects bad search bodies and queries', async () => {
    expect((await search('', { object_type: 'widgets' })).status).toBe(400);
    expect((await search('', { object_type: 'test-cases', query: "'Last Modified Date' >= 'yesterday'" })).status).toBe(400);
    expect((await search('', { object_type: 'test-cases', query: "'Colour' = 'red'" })).status).toBe(400);
    // Refused by qTest's semantics, not by the Swagger: no violation.
    expect(takeViolations(running.sim)).toEqual([]);
    const fields = await search('', { object_type: 'test-cases', fields: 'name' });
    expect(fields.status).toBe(400);
    expect(await fields.json()).toEqual({ message: 'Invalid request body: body.fields must be array' });
    expect(takeViolations(running.sim)).toEqual([
      expect.objectContaining({ kind: 'request-body', operationId: 'searchArtifact', status: 400, message: 'body.fields must be array' }),
    ]);
  });

  it('rejects and records every request the Swagger does not allow, answering as qTest would', async () => {
    const json = { 'Content-Type': 'application/json' };
    // `ids` is collectionFormat multi: ids=1&ids=2, not ids=1,2.
    const ids = await call('/api/v3/projects/101/linked-artifacts?type=test-cases&ids=50000,50001');
    expect(ids.status).toBe(400);
    expect((await call('/api/v3/projects/101/linked-artifacts?ids=50000')).status).toBe(400);
    expect((await call('/api/v3/projects/web/test-cases')).status).toBe(400);
    expect((await call('/api/v3/widgets')).status).toBe(404);
    expect((await call('/api/v3/projects', { method: 'PATCH' })).status).toBe(405);
    expect((await call('/api/v3/projects/101/search', { method: 'POST', body: JSON.stringify({ fields: ['*'] }), headers: json })).status).toBe(400);
    expect((await call('/api/v3/projects/101/search', { method: 'POST', body: '{"object_type":', headers: json })).status).toBe(400);
    expect((await call('/api/v3/projects/101/builds?releaseId=1')).status).toBe(501);
    // An unknown query parameter is ignored by qTest, but recorded.
    expect((await call('/api/v3/projects/101/test-runs/execution-statuses?colour=red')).status).toBe(200);
    const listed = (await (await call('/__sim/violations')).json()) as { violations: Array<{ kind: string; status?: number; url: string }> };
    expect(listed.violations.map((v) => [v.kind, v.status])).toEqual([
      ['request-query', 400],
      ['request-query', 400],
      ['request-path-params', 400],
      ['unknown-operation', 404],
      ['unknown-operation', 405],
      ['request-body', 400],
      ['request-body', 400],
      ['unsupported-operation', 501],
      ['request-query', undefined],
    ]);
    expect(listed.violations[0]).toMatchObject({ url: '/api/v3/projects/101/linked-artifacts?type=test-cases&ids=50000,50001' });
    expect((await call('/__sim/violations', { method: 'DELETE' })).status).toBe(204);
    expect(takeViolations(running.sim)).toEqual([]);
  });

  it('records an answer of its own that does not match the Swagger', async () => {
    const snap = running.sim.snapshot();
    try {
      const tc = site().cases.find((c) => c.projectId === 101)!;
      (tc as { name: unknown }).name = 42;
      expect((await call(`/api/v3/projects/101/test-cases/${tc.id}`)).status).toBe(200);
      expect(takeViolations(running.sim)).toEqual([
        expect.objectContaining({ kind: 'response', operationId: 'getTestCase', status: 200, message: expect.stringContaining('response.name must be string') }),
      ]);
    } finally {
      running.sim.restore(snap);
    }
  });

  it('requires a bearer token and answers unknown sites with an HTML 404', async () => {
    const anon = await call('/api/v3/projects', { headers: { Authorization: '' } });
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: 'unauthorized' });
    const missing = await call('/api/v3/projects', {}, 'nosuch.qtestnet.com');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
  });

  it('sets faults over HTTP', async () => {
    const set = await call('/__sim/faults', {
      method: 'POST',
      body: JSON.stringify({ serverError: { count: 1, status: 502 } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(set.status).toBe(200);
    expect((await call('/api/v3/projects')).status).toBe(502);
    expect((await call('/api/v3/projects')).status).toBe(200);
    expect((await call('/__sim/faults', { method: 'POST', body: '{"bogus":1}', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
  });

  it('snapshots and restores its state', async () => {
    const snap = running.sim.snapshot();
    const tc = site().cases[0];
    const before = tc.name;
    running.sim.state.modifyTestCase('demo', tc.projectId, tc.id, { name: 'changed' });
    expect(site().cases[0].name).toBe('changed');
    running.sim.restore(snap);
    expect(site().cases[0].name).toBe(before);
  });
});
