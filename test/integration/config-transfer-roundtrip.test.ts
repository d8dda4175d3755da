/**
 * Settings exported from one local app and imported into a fresh one: the same connections (minus their
 * secrets), project mappings and status mappings; the file holds none of the stored secrets; the imported
 * connections wait for their secret, disabled, and nothing syncs until then; a second import of the file is
 * refused with nothing changed; only Jira admins may export or import.
 */
import { startTestApp, type TestApp } from '../support/local-app';

jest.setTimeout(120000);

let source: TestApp;
let target: TestApp;
let file: { fileName: string; text: string; counts: Record<string, number>; leftOut: { name: string; reason: string }[] };

const SITE = 'https://sandbox.example.atlassian.net';

/** Every secret stored by an app, read from its storage (whatever the key). */
function storedSecrets(app: TestApp): string[] {
  const secrets = (app.server.runtime.kvs as unknown as { data: { secrets: Map<string, { value: unknown }> } }).data.secrets;
  const out: string[] = [];
  for (const item of secrets.values()) {
    for (const v of Object.values(item.value as Record<string, unknown>)) if (typeof v === 'string') out.push(v);
  }
  return out;
}

const values = (app: TestApp, prefix: string) =>
  app.server.runtime.kvs.list(prefix, undefined, 1_000_000).items.map((i) => ({ key: i.key, value: i.value as Record<string, unknown> }));
const without = (v: Record<string, unknown>, ...fields: string[]) => Object.fromEntries(Object.entries(v).filter(([k]) => !fields.includes(k)));
const snapshot = (app: TestApp) => JSON.stringify({ values: values(app, ''), secrets: storedSecrets(app) });

beforeAll(async () => {
  [source, target] = await Promise.all([
    startTestApp({ tools: ['qtest', 'xray', 'qmetry'] }),
    startTestApp({ tools: ['qtest', 'xray', 'qmetry'], seedDemo: false }),
  ]);
  // More than the demo: another QMetry site with an organisation code, an Xray API key in the EU on another Jira
  // site, mappings with every option changed, a status mapping, and a disconnected connection.
  const qmetry = await source.admin('saveConnection', {
    tool: 'qmetry', name: 'QMetry second org', baseUrl: 'https://second.qmetry.com', apiKey: 'qmetry-second-key-5521', projectKey: 'OTHERQA', orgCode: 'ORG7',
  });
  const xray = await source.admin('saveConnection', {
    tool: 'xray', name: 'Xray EU', region: 'eu', clientId: 'xray-eu-client', clientSecret: 'xray-eu-secret-8812', sameSite: false, requestsPer5Minutes: 120, enabled: false,
  });
  for (const c of [qmetry, xray]) expect(c.error).toBeUndefined();
  expect(await source.admin('saveMapping', {
    connectionId: qmetry.id, externalProjectId: 'OTHERQA', externalProjectName: 'Other QA', jiraProjectKey: 'SHOP', issueType: 'Story',
    schedule: 'day', syncRuns: false, syncRequirementLinks: false, onDeletedInJira: 'recreate',
  })).toMatchObject({ jiraProjectKey: 'SHOP' });
  expect(await source.admin('saveMapping', { connectionId: xray.id, externalProjectId: '10002', externalProjectName: 'Quality Assurance', jiraProjectKey: 'QA', issueType: 'Test', schedule: 'off' }))
    .toMatchObject({ schedule: 'off' });
  const statuses = await source.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { Flaky: 'FAIL', Unexecuted: 'SKIP', Passed: 'PASS' } });
  expect(statuses.error).toBeUndefined();
  const old = await source.admin('saveConnection', { tool: 'qtest', name: 'Old qTest', baseUrl: 'https://old.qtestnet.com', apiToken: 'old-qtest-token-3301' });
  await source.admin('disconnect', { connectionId: old.id });

  file = await source.admin('exportConfig', { siteUrl: SITE });
  expect((file as any).error).toBeUndefined();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('settings export', () => {
  it('never holds a stored secret, and says so', () => {
    const secrets = storedSecrets(source);
    expect(secrets).toEqual(expect.arrayContaining(['qtest-demo-token', 'xray-demo-secret', 'qmetry-demo-key', 'qmetry-second-key-5521', 'xray-eu-secret-8812']));
    for (const secret of secrets) expect(file.text).not.toContain(secret);
    const doc = JSON.parse(file.text);
    expect(doc.secrets).toMatch(/^Secrets are not included/);
    expect(JSON.stringify(doc)).not.toMatch(/apiToken|clientSecret|apiKey|old-qtest-token/);
  });

  it('names its format and version, the app version, when and from which site, and what it left out', () => {
    const doc = JSON.parse(file.text);
    expect(doc).toMatchObject({ format: 'testsync-settings', formatVersion: 1, appVersion: '1.0.0-local', site: SITE });
    expect(Date.now() - Date.parse(doc.exportedAt)).toBeLessThan(120000);
    expect(file.fileName).toMatch(/^testsync-settings-sandbox\.example\.atlassian\.net-\d{4}-\d{2}-\d{2}\.json$/);
    expect(file.counts).toEqual({ connections: 5, mappings: 6, statusMappings: 1 });
    expect(file.leftOut).toEqual([{ name: 'Old qTest', reason: expect.stringMatching(/^disconnected/) }]);
    expect(doc.connections.map((c: any) => c.name).sort()).toEqual(['QMetry (demo)', 'QMetry second org', 'Xray (demo)', 'Xray EU', 'qTest (demo)']);
  });
});

describe('settings import into a fresh site', () => {
  it('previews what it would create and writes nothing', async () => {
    const before = snapshot(target);
    const check = await target.admin('previewConfigImport', { text: file.text, fileName: file.fileName });
    expect(check.ok).toBe(true);
    expect(check.preview.source).toMatchObject({ site: SITE, appVersion: '1.0.0-local', formatVersion: 1 });
    expect(check.preview.counts).toEqual({ connections: 5, mappings: 6, statusMappings: 1 });
    const qtest = check.preview.connections.find((c: any) => c.id === 'qtest-demo');
    expect(qtest).toMatchObject({ tool: 'qtest', name: 'qTest (demo)', target: 'https://demo.qtestnet.com', secretLabel: 'API token', enabledAtSource: true });
    expect(qtest.statusMapping).toEqual([{ name: 'Flaky', status: 'FAIL' }, { name: 'Unexecuted', status: 'SKIP' }]);
    expect(check.preview.connections.find((c: any) => c.name === 'Xray EU')).toMatchObject({ target: 'EU region, client ID xray-eu-client, on another Jira site', enabledAtSource: false });
    expect(snapshot(target)).toBe(before);
  });

  it('on confirm reproduces the same connections (without secrets), mappings and status mappings', async () => {
    const result = await target.admin('importConfig', { text: file.text, fileName: file.fileName });
    expect(result).toMatchObject({ imported: true, complete: true, notWritten: [] });
    expect(result.written.map((s: any) => s.kind).sort()).toEqual([...Array(5).fill('connection'), ...Array(6).fill('mapping'), 'statusMapping'].sort());
    expect(result.connections.map((c: any) => `${c.name}: ${c.secretLabel}`).sort()).toEqual([
      'QMetry (demo): Open API key', 'QMetry second org: Open API key', 'Xray (demo): Client secret', 'Xray EU: Client secret', 'qTest (demo): API token',
    ]);

    const connected = (app: TestApp) => values(app, 'connection:').filter((c) => c.value.connected).map((c) => ({ key: c.key, value: without(c.value, 'enabled', 'createdAt', 'updatedAt') }));
    expect(connected(target)).toEqual(connected(source));
    expect(values(target, 'connection:').every((c) => c.value.enabled === false && c.value.expiresOn === undefined)).toBe(true);
    const mapped = (app: TestApp) => values(app, 'mapping:').map((m) => ({ key: m.key, value: without(m.value, 'createdAt', 'updatedAt') }));
    expect(mapped(target)).toEqual(mapped(source));
    expect(mapped(target)).toHaveLength(6);
    expect(values(target, 'statusmap:')).toEqual(values(source, 'statusmap:'));
    expect(storedSecrets(target)).toEqual([]);
  });

  it('shows each imported connection as waiting for its secret, and syncs nothing until it is entered', async () => {
    const overview = await target.admin('getOverview');
    expect(overview.connections).toHaveLength(5);
    for (const c of overview.connections) {
      expect(c).toMatchObject({ hasSecret: false, enabled: false, nextSync: { note: 'Disabled' } });
      expect(c.health).toMatchObject({ status: 'failing', label: expect.stringMatching(/^No (API token|Client secret|Open API key)$/) });
    }
    await target.server.fireTrigger('sync-scheduler');
    expect((await target.admin('listHistory', {})).total).toBe(0);
    expect((await target.admin('syncNow', { connectionId: 'qtest-demo' })).error).toMatchObject({ code: 'CONFLICT' });
    expect(await target.search('project = SHOP AND issuetype = Test')).toEqual([]);

    // The admin enters the secret (and enables it): the connection is whole again.
    const saved = await target.admin('saveConnection', { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token', enabled: true });
    expect(saved).toMatchObject({ hasSecret: true, enabled: true });
    expect(saved.mappings).toHaveLength(2);
    expect(await target.admin('testConnection', { connectionId: 'qtest-demo' })).toMatchObject({ ok: true });
  });

  it('records every write in the audit log, as the page\'s own saves are', async () => {
    const page = await target.admin('listAudit', {});
    const what = page.rows.map((r: any) => `${r.what}: ${r.connectionName}${r.subject ? ` / ${r.subject}` : ''}`);
    expect(what).toEqual(expect.arrayContaining([
      'Connection added: Xray EU', 'Mapping added: QMetry second org / Other QA', 'Status mapping changed: qTest (demo)', 'Mapping added: qTest (demo) / Web Storefront',
    ]));
    expect(JSON.stringify(page)).not.toMatch(/xray-eu-secret-8812|qmetry-second-key-5521/);
  });

  it('refuses to import the same file again, with nothing changed', async () => {
    const before = snapshot(target);
    const again = await target.admin('importConfig', { text: file.text });
    expect(again.imported).toBe(false);
    expect(again.problems[0]).toMatchObject({ code: 'ALREADY_IMPORTED', path: '$', message: expect.stringContaining('has been imported here already') });
    expect(again.problems.filter((p: any) => p.code === 'CONNECTION_EXISTS')).toHaveLength(5);
    expect(snapshot(target)).toBe(before);
  });

  it('lets only Jira admins export, preview or import', async () => {
    for (const [fn, payload] of [['exportConfig', {}], ['previewConfigImport', { text: file.text }], ['importConfig', { text: file.text }]] as const) {
      expect(await source.admin(fn, payload, 'demo-tester')).toEqual({ error: { code: 'FORBIDDEN', message: 'Only Jira administrators can view or change TestSync settings.' } });
    }
  });
});
