/**
 * A settings import that cannot go through: every problem listed at once with its JSON path — the file (not
 * JSON, another format or version, fields the forms refuse) and this site (a connection's id or name taken, a
 * Jira project or issue type missing here, a project another connection to the same tool site already syncs,
 * here or earlier in the file) — and nothing written, by the preview or by the import. A write that fails
 * part-way: the answer says exactly what was written and what was not, and storage agrees.
 */
import { KvsError } from '../../local/runtime/kvs-api';
import { startTestApp, type TestApp } from '../support/local-app';

jest.setTimeout(120000);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const storage = (a: TestApp) => {
  const kvs = a.server.runtime.kvs as unknown as { list: TestApp['server']['runtime']['kvs']['list']; data: { secrets: Map<string, unknown> } };
  return JSON.stringify({ values: kvs.list('', undefined, 1_000_000).items, secrets: [...kvs.data.secrets.entries()] });
};

function settingsFile(connections: unknown[], over: Record<string, unknown> = {}) {
  return JSON.stringify({
    format: 'testsync-settings',
    formatVersion: 1,
    appVersion: '1.0.0',
    exportedAt: '2025-05-01T09:00:00.000Z',
    site: 'https://sandbox.atlassian.net',
    secrets: 'Secrets are not included.',
    connections,
    ...over,
  });
}

const qtest = (id: string, name: string, baseUrl: string, mappings: unknown[]) => ({ id, tool: 'qtest', name, baseUrl, enabled: true, mappings, statusMapping: {} });
const mapping = (externalProjectId: string, jiraProjectKey: string, issueType = 'Test', externalProjectName = '') => ({ externalProjectId, externalProjectName, jiraProjectKey, issueType });

/** Previews and imports the file; both must list the same problems and leave storage as it was. */
async function refused(text: string) {
  const before = storage(app);
  const preview = await app.admin('previewConfigImport', { text, fileName: 'settings.json' });
  expect(preview.ok).toBe(false);
  const imported = await app.admin('importConfig', { text, fileName: 'settings.json' });
  expect(imported).toEqual({ imported: false, problems: preview.problems });
  expect(storage(app)).toBe(before);
  return preview.problems as { code: string; path: string; message: string; connection?: string }[];
}

describe('a settings import with problems', () => {
  it('lists every problem against this site at once, with JSON paths, and writes nothing', async () => {
    const problems = await refused(
      settingsFile([
        qtest('qtest-demo', 'qTest copy', 'https://copy.qtestnet.com', [mapping('5', 'SHOP')]),
        qtest('qtest-new1', 'QTEST (DEMO)', 'https://demo.qtestnet.com/', [mapping('101', 'SHOP', 'Test', 'Web Storefront')]),
        qtest('qtest-new2', 'Team two', 'https://team.qtestnet.com', [mapping('7', 'NOPE'), mapping('8', 'OPS', 'Test'), mapping('9', 'SHOP')]),
        qtest('qtest-new3', 'Team three', 'https://TEAM.qtestnet.com/', [mapping('9', 'SHOP', 'Test', 'Checkout')]),
      ]),
    );
    expect(problems.map((p) => [p.code, p.path, p.connection])).toEqual([
      ['CONNECTION_EXISTS', '$.connections[0].id', 'qTest copy'],
      ['NAME_EXISTS', '$.connections[1].name', 'QTEST (DEMO)'],
      ['MAPPING_CONFLICT', '$.connections[1].mappings[0].externalProjectId', 'QTEST (DEMO)'],
      ['JIRA_PROJECT', '$.connections[2].mappings[0].jiraProjectKey', 'Team two'],
      ['ISSUE_TYPE', '$.connections[2].mappings[1].issueType', 'Team two'],
      ['MAPPING_CONFLICT', '$.connections[3].mappings[0].externalProjectId', 'Team three'],
    ]);
    const message = (code: string, n = 0) => problems.filter((p) => p.code === code)[n].message;
    expect(message('CONNECTION_EXISTS')).toBe('A connection with id "qtest-demo" already exists on this site ("qTest (demo)").');
    expect(message('NAME_EXISTS')).toBe('A connection named "qTest (demo)" already exists on this site; rename one of them.');
    // The same words as saveMapping's own refusals.
    expect(message('MAPPING_CONFLICT')).toBe(
      'qTest project "Web Storefront" is already synced by connection "qTest (demo)" into Jira project SHOP; a second connection would create a second issue for every test case.',
    );
    expect(message('JIRA_PROJECT')).toBe('Jira project NOPE does not exist or the app cannot see it.');
    expect(message('ISSUE_TYPE')).toBe('Jira project OPS has no issue type "Test"; choose one of Task, Bug.');
    expect(message('MAPPING_CONFLICT', 1)).toMatch(/^qTest project "Checkout" is also mapped by connection "Team two" in this file \(into Jira project SHOP\)/);
    // The refusals match what saving the mapping itself answers.
    expect((await app.admin('saveMapping', { connectionId: 'qtest-demo', ...mapping('8', 'OPS') })).error.message).toBe(message('ISSUE_TYPE'));
    expect((await app.admin('saveMapping', { connectionId: 'qtest-demo', ...mapping('7', 'NOPE') })).error.message).toBe(message('JIRA_PROJECT'));
  });

  it('refuses what is not JSON, another format, another version, and fields the forms refuse, and writes nothing', async () => {
    expect(await refused('{ "format": "testsync-settings", ')).toEqual([{ code: 'NOT_JSON', path: '$', message: expect.stringMatching(/^The file is not JSON/) }]);
    expect(await refused(JSON.stringify({ format: 'jira-backup', data: [] }))).toEqual([{ code: 'FORMAT', path: '$.format', message: expect.stringContaining('not a TestSync settings file') }]);
    expect(await refused(settingsFile([], { formatVersion: 3 }))).toEqual([{ code: 'VERSION', path: '$.formatVersion', message: expect.stringContaining('newer TestSync') }]);
    const schema = await refused(
      settingsFile([
        { ...qtest('qtest-x1', 'X1', 'https://x1.qtestnet.com', [{ ...mapping('1', 'SHOP'), schedule: 'hourly' }]), apiToken: 'pasted-token' },
        { id: 'qmetry-x2', tool: 'qmetry', name: '', baseUrl: 'https://x2.example.com', projectKey: 'P', mappings: [] },
      ]),
    );
    expect(schema.map((p) => [p.code, p.path])).toEqual([
      ['SCHEMA', '$.connections[0].mappings[0].schedule'],
      ['SCHEMA', '$.connections[0].apiToken'],
      ['SCHEMA', '$.connections[1].name'],
      ['SCHEMA', '$.connections[1].baseUrl'],
    ]);
    expect(schema[3].message).toBe('QMetry URL must look like https://<site>.qmetry.com');
  });

  it('reports a write that fails part-way: what was written and what not, as storage has it', async () => {
    const fresh = await startTestApp({ seedDemo: false });
    try {
      const text = settingsFile([
        qtest('qtest-aa', 'Team A', 'https://a.qtestnet.com', [mapping('1', 'SHOP'), mapping('2', 'SHOP', 'Story')]),
        { ...qtest('qtest-bb', 'Team B', 'https://b.qtestnet.com', [mapping('3', 'SHOP', 'Test', 'Billing')]), statusMapping: { Flaky: 'FAIL' } },
        qtest('qtest-cc', 'Team C', 'https://c.qtestnet.com', [mapping('4', 'SHOP')]),
      ]);
      expect((await fresh.admin('previewConfigImport', { text })).ok).toBe(true);
      const kvs = fresh.server.runtime.kvs;
      const set = kvs.set.bind(kvs);
      kvs.set = ((ns, key, value, ttl) => {
        if (key === 'mapping:qtest-bb:3') throw new KvsError(500, 'INTERNAL_SERVER_ERROR', 'Storage is not available right now');
        return set(ns, key, value, ttl);
      }) as typeof kvs.set;
      const result = await fresh.admin('importConfig', { text });
      kvs.set = set;

      const step = (kind: string, connectionId: string, connectionName: string, subject?: string) => ({ kind, connectionId, connectionName, ...(subject ? { subject } : {}) });
      expect(result).toEqual({
        imported: true,
        complete: false,
        written: [step('connection', 'qtest-aa', 'Team A'), step('mapping', 'qtest-aa', 'Team A', '1 → SHOP'), step('mapping', 'qtest-aa', 'Team A', '2 → SHOP'), step('connection', 'qtest-bb', 'Team B')],
        failed: { ...step('mapping', 'qtest-bb', 'Team B', 'Billing → SHOP'), message: expect.stringContaining('Storage is not available right now') },
        notWritten: [
          step('mapping', 'qtest-bb', 'Team B', 'Billing → SHOP'),
          step('statusMapping', 'qtest-bb', 'Team B'),
          step('connection', 'qtest-cc', 'Team C'),
          step('mapping', 'qtest-cc', 'Team C', '4 → SHOP'),
        ],
        connections: [
          { id: 'qtest-aa', name: 'Team A', tool: 'qtest', secretLabel: 'API token' },
          { id: 'qtest-bb', name: 'Team B', tool: 'qtest', secretLabel: 'API token' },
        ],
      });
      const keys = (prefix: string) => kvs.list(prefix, undefined, 1000).items.map((i) => i.key);
      expect(keys('connection:')).toEqual(['connection:qtest-aa', 'connection:qtest-bb']);
      expect(keys('mapping:')).toEqual(['mapping:qtest-aa:1', 'mapping:qtest-aa:2']);
      expect(keys('statusmap:')).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
