import { createXrayConnector, type XrayConnectorOptions } from '../../src/connectors/xray';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EU_CLIENT_ID, EU_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { createJiraSimulator } from '../../local/simulators/jira';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { readAllCases, readAllIds, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

let clock = DEMO_ANCHOR;

const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));

function connector(extra: Partial<XrayConnectorOptions> = {}): Connector {
  return createXrayConnector({
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    ...testTransport(running.fetch, () => clock),
    ...extra,
  });
}

const tenant = () => running.sim.state.tenant('demo');
const authCalls = () => running.calls.filter((c) => c.url.endsWith('/api/v2/authenticate')).length;

describe('Xray connector against the simulator', () => {
  it('lists the Jira projects holding Xray tests, the archived one hidden', async () => {
    expect(await connector().listProjects()).toEqual([{ id: '10002', name: 'Quality Assurance (QA)', archived: false }]);
  });

  it('reads the status catalogue, custom statuses included', async () => {
    const statuses = await connector().listStatuses('10002');
    expect(statuses.map((s) => s.name)).toEqual(['PASSED', 'FAILED', 'TODO', 'EXECUTING', 'ABORTED', 'FLAKY_RETRY']);
    expect(statuses.find((s) => s.isDefault)?.name).toBe('TODO');
  });

  it('pages through every test to the last page and maps them', async () => {
    const { items, pages } = await readAllCases(connector({ pageSize: 7 }), '10002');
    expect(pages).toBe(5);
    expect(items.map((t) => t.displayId)).toEqual(Array.from({ length: 30 }, (_, i) => `QA-${i + 1}`));
    const qa1 = items[0];
    expect(qa1).toMatchObject({
      tool: 'xray',
      projectId: '10002',
      externalId: '10012',
      name: 'Pay with a saved card',
      labels: ['checkout', 'smoke'],
      priority: 'High',
      folderPath: 'Checkout/Payments',
      precondition: 'A customer account exists with a saved Visa card ending 4242.',
      requirementKeys: ['SHOP-1'],
      jiraIssue: { id: '10012', key: 'QA-1' },
      url: '/browse/QA-1',
    });
    expect(qa1.steps).toEqual([
      { index: 1, action: 'Open the cart and click Checkout', expected: 'The payment page lists the saved card' },
      { index: 2, action: 'Select the saved Visa card', data: 'card ending 4242', expected: 'The card is selected' },
      { index: 3, action: 'Confirm the order', expected: 'The order confirmation page is shown' },
    ]);
    const cucumber = items.find((t) => t.displayId === 'QA-7')!;
    expect(cucumber.steps).toEqual([]);
    expect(cucumber.description).toMatch(/^Scenario: Search filters by price range/);
    expect(items.find((t) => t.displayId === 'QA-14')!.description).toMatch(/\.spec\.ts$/);
    const coveringShop1 = items.filter((t) => t.requirementKeys.includes('SHOP-1')).map((t) => t.displayId);
    expect(coveringShop1).toEqual(['QA-1', 'QA-2', 'QA-23', 'QA-27']);
    const covered = new Set(items.flatMap((t) => t.requirementKeys));
    expect([...covered].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))).toEqual(
      Array.from({ length: 11 }, (_, i) => `SHOP-${i + 1}`),
    );
  });

  it('accepts the project key as well as the id, and builds site links when told the site', async () => {
    const page = await connector({ pageSize: 1, jiraSiteUrl: 'https://acme.atlassian.net/' }).readTestCases('QA', {});
    expect(page.items[0]).toMatchObject({ projectId: 'QA', url: 'https://acme.atlassian.net/browse/QA-1' });
    await expect(connector().readTestCases('NOPE', {})).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(connector().readTestCases('99999', {})).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('reads only what changed since a time', async () => {
    const c = connector();
    expect((await readAllCases(c, '10002', new Date(clock).toISOString())).items).toEqual([]);
    clock += 60_000;
    const since = new Date(clock).toISOString();
    clock += 1_000;
    running.sim.state.modifyTest('demo', 'QA-5', { steps: [['Enter the code', 'SAVE15', 'The total drops by 15 %']] });
    const { items } = await readAllCases(c, '10002', since);
    expect(items.map((t) => t.displayId)).toEqual(['QA-5']);
    expect(items[0].steps[0]).toMatchObject({ data: 'SAVE15' });
    expect(items[0].updatedAt).toBe(new Date(clock).toISOString());
  });

  it("reads every run of the project's Test Executions with its execution as the cycle, its fix version and environments", async () => {
    const { items, pages } = await readAllRuns(connector({ pageSize: 10 }), '10002');
    const expected = tenant().runs.filter((r) => Number(r.testIssueId) < 20000 && r.execIssueId !== null);
    expect(items.map((r) => r.externalId).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(pages).toBeGreaterThan(3);
    // Each execution's runs: its fix version and test environment; the nightly checks have neither.
    const contexts = Object.fromEntries(items.map((r) => [r.cycle, `${r.version ?? '-'}/${r.environment ?? '-'}`]));
    expect(contexts).toEqual({
      'QA-31': '3.1/staging',
      'QA-32': '3.1/production',
      'QA-33': '3.2/staging',
      'QA-34': '-/-',
      'QA-38': '3.2/staging',
      'QA-39': '3.2/production',
    });
    expect(items.every((r) => contexts[r.cycle!] === `${r.version ?? '-'}/${r.environment ?? '-'}`)).toBe(true);
    expect(new Set(items.map((r) => r.status))).toEqual(new Set(['PASSED', 'FAILED', 'TODO', 'EXECUTING', 'ABORTED', 'FLAKY_RETRY']));
    const smoke = items.find((r) => r.cycle === 'QA-33' && r.status === 'PASSED')!;
    expect(smoke).toMatchObject({ version: '3.2', environment: 'staging', executedBy: expect.stringMatching(/^demo-/), url: '/browse/QA-33' });
    expect(Date.parse(smoke.executedAt!)).toBeGreaterThan(DEMO_ANCHOR - 30 * 24 * 3600_000);
    const simSmoke = tenant().runs.find((r) => r.id === smoke.externalId)!;
    expect(smoke.updatedAt).toBe(new Date(simSmoke.lastModified).toISOString());
    const todo = items.find((r) => r.status === 'TODO')!;
    expect(todo.executedBy).toBeUndefined();
    expect(todo.updatedAt).toBe(new Date(tenant().runs.find((r) => r.id === todo.externalId)!.lastModified).toISOString());
  });

  it('reads only runs changed since a time', async () => {
    clock += 60_000;
    const since = new Date(clock).toISOString();
    clock += 1_000;
    const run = running.sim.state.addRun('demo', { test: 'QA-3', execution: 'QA-33', status: 'FLAKY_RETRY' });
    const { items } = await readAllRuns(connector(), '10002', since);
    expect(items.map((r) => [r.externalId, r.testCaseExternalId, r.status, r.cycle])).toEqual([[run.id, '10014', 'FLAKY_RETRY', 'QA-33']]);
  });

  it('reads runs by Test Execution: a run without one (only the simulator makes them) comes with its test alone', async () => {
    const snap = running.sim.snapshot();
    try {
      clock += 60_000;
      const since = new Date(clock).toISOString();
      clock += 1_000;
      const adHoc = running.sim.state.addRun('demo', { test: 'QA-4', execution: null, status: 'PASSED' });
      expect((await readAllRuns(connector(), '10002', since)).items).toEqual([]);
      const one = await connector().readTestCase('10002', 'QA-4');
      expect(one?.runs.find((r) => r.externalId === adHoc.id)).toMatchObject({ testCaseExternalId: '10015', status: 'PASSED' });
      expect(one?.runs.find((r) => r.externalId === adHoc.id)?.cycle).toBeUndefined();
    } finally {
      running.sim.restore(snap);
    }
  });

  it('lists every test issue id, 100 per request; a deleted test is gone', async () => {
    const snap = running.sim.snapshot();
    try {
      const c = connector();
      await c.listStatuses('QA');
      running.calls.length = 0;
      const expected = tenant().tests.filter((t) => t.projectId === '10002').map((t) => t.issueId);
      const { items, pages } = await readAllIds(c, '10002');
      expect(pages).toBe(Math.ceil(expected.length / 100));
      expect([...items].sort()).toEqual([...expected].sort());
      expect(running.calls.filter((x) => x.url.endsWith('/graphql'))).toHaveLength(pages);
      running.sim.state.deleteTest('demo', 'QA-5');
      const after = await readAllIds(c, 'QA');
      expect(after.items).toHaveLength(expected.length - 1);
      expect(after.items).not.toContain(expected.find((id) => tenant().tests.every((t) => t.issueId !== id)));
      expect(await c.readTestCase('10002', 'QA-5')).toBeNull();
    } finally {
      running.sim.restore(snap);
    }
  });

  it('reads one test with its runs, by issue id or key', async () => {
    const c = connector();
    const byId = await c.readTestCase('10002', '10012');
    expect(byId?.testCase.displayId).toBe('QA-1');
    expect(byId?.runs.length).toBe(tenant().runs.filter((r) => r.testIssueId === '10012').length);
    const byKey = await c.readTestCase('10002', 'QA-1');
    expect(byKey?.testCase).toEqual(byId?.testCase);
    expect(await c.readTestCase('10002', '99999')).toBeNull();
    expect(await c.readTestCase('10002', '20001')).toBeNull();
  });

  it('authenticates once, reuses the JWT until shortly before it expires, then renews it', async () => {
    const c = connector();
    await c.listStatuses('10002');
    await c.listStatuses('10002');
    expect(authCalls()).toBe(1);
    clock += 24 * 3600_000 - 30_000;
    await c.listStatuses('10002');
    expect(authCalls()).toBe(2);
  });

  it('renews a token the server stopped accepting, once', async () => {
    const c = connector();
    await c.listStatuses('10002');
    running.sim.state.revokeTokens(DEMO_CLIENT_ID);
    expect((await c.listStatuses('10002')).length).toBe(6);
    expect(authCalls()).toBe(2);
  });

  it('works in the region the API key belongs to', async () => {
    const check = await connector({ region: 'eu', clientId: EU_CLIENT_ID, clientSecret: EU_CLIENT_SECRET }).checkConnection();
    expect(check).toMatchObject({ ok: true, cause: 'OK', projects: [] });
    expect(check.message).toMatch(/EU/);
    expect(running.calls.every((x) => x.url.startsWith('https://eu.xray.cloud.getxray.app/'))).toBe(true);
  });
});

describe('demo data', () => {
  it("the Jira seed demo-xray holds Xray's Test issues with the same ids, keys and coverage links", () => {
    const jira = createJiraSimulator({ seed: 'demo-xray', indexedProperties: [] }).snapshot();
    const qa = jira.issues.filter((i) => i.projectId === '10002');
    const tests = tenant().tests.filter((t) => t.projectId === '10002');
    expect(qa.map((i) => [i.id, i.key, i.summary])).toEqual(tests.map((t) => [t.issueId, t.key, t.summary]));
    const byId = new Map(jira.issues.map((i) => [i.id, i.key]));
    for (const t of tests) {
      const linked = jira.links.filter((l) => l.inwardIssueId === t.issueId && l.typeId === '10004').map((l) => byId.get(l.outwardIssueId));
      expect(linked.sort()).toEqual(t.covers.map((c) => c.key).sort());
    }
    expect(jira.issues.filter((i) => i.projectId === '10000')).toHaveLength(12);
    const plain = createJiraSimulator({ seed: 'demo', indexedProperties: [] }).snapshot();
    // SHOP's stories, then the demo's Bug the tools link to a failed run (local/demo/defects.ts).
    expect(plain.issues.map((i) => i.key)).toEqual([...Array.from({ length: 12 }, (_, i) => `SHOP-${i + 1}`), 'OPS-1']);
    expect(plain.projects.map((p) => p.key)).toEqual(['SHOP', 'OPS']);
  });
});

describe('checkConnection causes', () => {
  it('OK with the demo key', async () => {
    const check = await connector({ projects: ['QA'] }).checkConnection();
    expect(check).toMatchObject({ ok: true, cause: 'OK', projects: [{ id: '10002' }] });
  });

  it('INVALID_CREDENTIALS names the credential, never echoing it', async () => {
    const wrong = await connector({ clientSecret: 'not-the-secret-9f8e7d' }).checkConnection();
    expect(wrong).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS' });
    expect(wrong.message).toMatch(/Client ID.*Client Secret/);
    expect(JSON.stringify(wrong)).not.toContain('not-the-secret-9f8e7d');
    expect((await connector({ clientId: '  ' }).checkConnection()).message).toMatch(/Client ID is empty/);
    expect((await connector({ clientSecret: '' }).checkConnection()).message).toMatch(/Client Secret is empty/);
    const swapped = await connector({ clientId: 'a'.repeat(64), clientSecret: 'b'.repeat(32) }).checkConnection();
    expect(swapped.message).toMatch(/swapped/);
    expect(JSON.stringify(swapped)).not.toContain('a'.repeat(64));
  });

  it('WRONG_REGION_OR_URL when the key is valid in another region, suggesting to check the region', async () => {
    const check = await connector({ region: 'eu' }).checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'WRONG_REGION_OR_URL' });
    expect(check.message).toMatch(/EU \(Frankfurt\).*another region/);
    expect(check.fix).toMatch(/region/);
    const euKeyAtUs = await connector({ region: 'us', clientId: EU_CLIENT_ID, clientSecret: EU_CLIENT_SECRET }).checkConnection();
    expect(euKeyAtUs.cause).toBe('WRONG_REGION_OR_URL');
    const bad = await connector({ region: 'eu', clientSecret: 'nope-nope' }).checkConnection();
    expect(bad.cause).toBe('INVALID_CREDENTIALS');
    const url = await connector({ baseUrl: 'https://xray.example.com' }).checkConnection();
    expect(url).toMatchObject({ ok: false, cause: 'WRONG_REGION_OR_URL' });
  });

  it('PROJECT_NOT_FOUND for a configured project Xray does not know', async () => {
    const check = await connector({ projects: ['QA', 'GONE'] }).checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'PROJECT_NOT_FOUND' });
    expect(check.message).toMatch(/GONE/);
  });

  it('RATE_LIMITED, EGRESS_NOT_ALLOWED, NETWORK and UNEXPECTED_RESPONSE', async () => {
    running.sim.faults.set({ rateLimit: { count: 10, retryAfter: '120' } });
    expect((await connector().checkConnection()).cause).toBe('RATE_LIMITED');
    running.sim.faults.clear();
    const refused = await connector({ fetch: async () => { throw new Error('URL not included in the external fetch backend permissions: xray.cloud.getxray.app'); } }).checkConnection();
    expect(refused.cause).toBe('EGRESS_NOT_ALLOWED');
    const down = await connector({ fetch: async () => { throw new Error('getaddrinfo ENOTFOUND xray.cloud.getxray.app'); } }).checkConnection();
    expect(down.cause).toBe('NETWORK');
    running.sim.faults.set({ malformedJson: { count: 10 } });
    expect((await connector().checkConnection()).cause).toBe('UNEXPECTED_RESPONSE');
  });

  it('fails with a ConnectorError, not a crash, on a foreign cursor', async () => {
    await expect(connector().readTestCases('10002', { cursor: 'garbage' })).rejects.toBeInstanceOf(ConnectorError);
  });
});
