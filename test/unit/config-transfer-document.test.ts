/**
 * The settings file on its own: written from stored records and read back to the same records (no secret,
 * no expiry, disabled), and every problem of a file named with its JSON path: not JSON, another format or
 * version, each field the admin page's forms would refuse, a secret field, the same id, name or project twice,
 * a status mapping that leaves PASS, FAIL or SKIP unmapped.
 */
import type { ConnectionRecord } from '../../src/config/connections';
import type { MappingRecord } from '../../src/config/mappings';
import { buildDocument, entryOf, fileNameOf, jsonPath, readDocument, recordOf, SECRETS_NOTE } from '../../src/config/transfer';
import { CONFIG_FORMAT, CONFIG_MAX_CHARS } from '../../src/resolvers/contract';

const AT = '2025-03-01T10:00:00.000Z';

const qtest: ConnectionRecord = {
  id: 'qtest-1a2b3c4d', tool: 'qtest', name: 'qTest sandbox', baseUrl: 'https://acme.qtestnet.com', settings: {},
  enabled: true, expiresOn: '2030-01-01', connected: true, createdAt: AT, updatedAt: AT,
};
const xray: ConnectionRecord = {
  id: 'xray-5e6f7a8b', tool: 'xray', name: 'Xray EU', baseUrl: 'https://eu.xray.cloud.getxray.app',
  settings: { region: 'eu', clientId: 'CLIENT-42', sameSite: false, requestsPer5Minutes: 120 },
  enabled: false, connected: true, createdAt: AT, updatedAt: AT,
};
const qmetry: ConnectionRecord = {
  id: 'qmetry-9c0d1e2f', tool: 'qmetry', name: 'QMetry', baseUrl: 'https://acme.qmetry.com',
  settings: { projectKey: 'ACMEQA', orgCode: 'ORG7' }, enabled: true, connected: true, createdAt: AT, updatedAt: AT,
};
const mapping = (connectionId: string, externalProjectId: string, over: Partial<MappingRecord> = {}): MappingRecord => ({
  connectionId, externalProjectId, externalProjectName: `Project ${externalProjectId}`, jiraProjectKey: 'SHOP', issueType: 'Test',
  schedule: 'hour', syncRuns: true, syncRequirementLinks: true, onDeletedInJira: 'leave', createdAt: AT, updatedAt: AT, ...over,
});

function exported() {
  return buildDocument({
    appVersion: '2.4.0',
    exportedAt: new Date(AT),
    site: 'https://sandbox.atlassian.net',
    connections: [
      entryOf(qtest, [mapping(qtest.id, '101'), mapping(qtest.id, '102', { schedule: 'day', syncRuns: false, onDeletedInJira: 'recreate' })], { Flaky: 'FAIL' }),
      entryOf(xray, [mapping(xray.id, '10002', { jiraProjectKey: 'QA' })], {}),
      entryOf(qmetry, [mapping(qmetry.id, 'ACMEQA', { issueType: 'Story' })], { 'Not run': 'NOT_RUN', Deferred: 'SKIP' }),
    ],
    leftOut: [{ name: 'Old qTest', reason: 'disconnected' }],
  });
}

const text = (doc: unknown) => JSON.stringify(doc, null, 2);
const problemsOf = (doc: unknown) => {
  const read = readDocument(typeof doc === 'string' ? doc : text(doc));
  if (read.ok) throw new Error('expected problems');
  return read.problems;
};

describe('the settings file', () => {
  it('says it holds no secrets, names its format, version, app version, time and site', () => {
    const doc = exported();
    expect(doc).toMatchObject({ format: CONFIG_FORMAT, formatVersion: 1, appVersion: '2.4.0', exportedAt: AT, site: 'https://sandbox.atlassian.net', secrets: SECRETS_NOTE });
    expect(doc.secrets).toMatch(/^Secrets are not included/);
    expect(fileNameOf(doc.site, new Date(AT))).toBe('testsync-settings-sandbox.atlassian.net-2025-03-01.json');
    expect(fileNameOf('unknown', new Date(AT))).toBe('testsync-settings-jira-2025-03-01.json');
  });

  it('holds no expiry date (it belongs to the credential) and reads back to the same records, disabled', () => {
    const doc = exported();
    expect(text(doc)).not.toContain('2030-01-01');
    const read = readDocument(text(doc));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const now = new Date('2025-04-01T00:00:00.000Z');
    const back = read.document.connections.map((c) => recordOf(c, now));
    const same = (r: ConnectionRecord) => ({ id: r.id, tool: r.tool, name: r.name, baseUrl: r.baseUrl, settings: r.settings, connected: r.connected });
    expect(back.map(same)).toEqual([qtest, xray, qmetry].map(same));
    expect(back.every((r) => r.enabled === false && r.expiresOn === undefined && r.createdAt === now.toISOString())).toBe(true);
    expect(read.document.connections.map((c) => c.enabled)).toEqual([true, false, true]);
    expect(read.document.connections[0].mappings[1]).toEqual({
      externalProjectId: '102', externalProjectName: 'Project 102', jiraProjectKey: 'SHOP', issueType: 'Test', schedule: 'day', syncRuns: false,
      syncRequirementLinks: true, onDeletedInJira: 'recreate',
    });
    expect(read.document.connections[2].statusMapping).toEqual({ 'Not run': 'NOT_RUN', Deferred: 'SKIP' });
    expect(read.document.leftOut).toEqual([{ name: 'Old qTest', reason: 'disconnected' }]);
  });

  it('refuses what is not JSON, not an object, another format, or another version, at the top', () => {
    expect(problemsOf('{"format": "testsync-settings",')).toEqual([{ code: 'NOT_JSON', path: '$', message: expect.stringMatching(/^The file is not JSON \(.+\)/) }]);
    expect(problemsOf('[1, 2]')).toEqual([{ code: 'FORMAT', path: '$', message: expect.stringContaining('not a JSON object') }]);
    expect(problemsOf({ name: 'my backup' })).toEqual([{ code: 'FORMAT', path: '$.format', message: 'This is not a TestSync settings file: it has no "format", not "testsync-settings".' }]);
    expect(problemsOf({ ...exported(), format: 'other-app' })[0]).toMatchObject({ code: 'FORMAT', message: expect.stringContaining('its "format" is "other-app"') });
    const newer = problemsOf({ ...exported(), formatVersion: 2, appVersion: '9.0.0' });
    expect(newer).toEqual([{ code: 'VERSION', path: '$.formatVersion', message: expect.stringContaining('format version 2, written by a newer TestSync (9.0.0); this site reads version 1') }]);
    expect(problemsOf({ ...exported(), formatVersion: '1' })).toEqual([{ code: 'VERSION', path: '$.formatVersion', message: 'The file\'s format version is "1"; TestSync reads version 1.' }]);
    expect(readDocument(' '.repeat(CONFIG_MAX_CHARS + 1))).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'TOO_LARGE' })] });
  });

  it('reports every field the forms would refuse at once, each with its JSON path and connection', () => {
    const doc = exported() as any;
    doc.connections[0].baseUrl = 'http://acme.example.com';
    doc.connections[0].apiToken = 'typed-in-by-hand';
    doc.connections[0].mappings[1].jiraProjectKey = 'shop';
    doc.connections[0].mappings[1].schedule = 'weekly';
    doc.connections[1].region = 'mars';
    doc.connections[1].clientId = '';
    doc.connections[2].statusMapping.Deferred = 'MAYBE';
    doc.connections[2].colour = 'blue';
    doc.connections.push({ id: 'bad id!', tool: 'testrail', name: 'X' });
    doc.exportedAt = 'yesterday';
    const problems = problemsOf(doc);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        '$.exportedAt',
        '$.connections[0].baseUrl',
        '$.connections[0].apiToken',
        '$.connections[0].mappings[1].jiraProjectKey',
        '$.connections[0].mappings[1].schedule',
        '$.connections[1].region',
        '$.connections[1].clientId',
        '$.connections[2].statusMapping.Deferred',
        '$.connections[2].colour',
        '$.connections[3].tool',
      ].sort(),
    );
    expect(problems.every((p) => p.code === 'SCHEMA')).toBe(true);
    expect(byPath['$.connections[0].baseUrl']).toMatchObject({ message: 'Site URL must look like https://<site>.qtestnet.com', connection: 'qTest sandbox' });
    expect(byPath['$.connections[0].apiToken'].message).toMatch(/secrets are never imported/);
    expect(byPath['$.connections[0].mappings[1].jiraProjectKey'].message).toBe('Jira project key must look like ABC');
    expect(byPath['$.connections[1].region']).toMatchObject({ message: 'Region must be one of global, us, eu, au', connection: 'Xray EU' });
    expect(byPath['$.connections[1].clientId'].message).toBe('Client ID is required');
    expect(byPath['$.connections[2].statusMapping.Deferred'].message).toMatch(/^Canonical status must be one of PASS, FAIL/);
    expect(byPath['$.connections[2].colour'].message).toBe('"colour" is not a field of a TestSync settings file.');
    expect(byPath['$.connections[3].tool'].message).toMatch(/qtest.*xray.*qmetry/);
  });

  it('refuses the same connection id, name or mapped project twice, and a status mapping that leaves PASS unmapped', () => {
    const doc = exported() as any;
    doc.connections[1].id = doc.connections[0].id;
    doc.connections[2].name = '  QTEST   sandbox ';
    doc.connections[0].mappings[1].externalProjectId = '101';
    doc.connections[1].statusMapping = { Passed: 'SKIP' };
    expect(problemsOf(doc)).toEqual([
      { code: 'DUPLICATE_IN_FILE', path: '$.connections[0].mappings[1].externalProjectId', message: 'External project 101 is mapped twice (also by mapping 1).', connection: 'qTest sandbox' },
      { code: 'DUPLICATE_IN_FILE', path: '$.connections[1].id', message: 'Connection id "qtest-1a2b3c4d" is also the id of connection 1 in this file.', connection: 'Xray EU' },
      { code: 'STATUS_MAPPING', path: '$.connections[1].statusMapping', message: 'At least one tool status must map to PASS.', connection: 'Xray EU' },
      { code: 'DUPLICATE_IN_FILE', path: '$.connections[2].name', message: 'Connection name "QTEST   sandbox" is also the name of connection 1 in this file.', connection: 'QTEST   sandbox' },
    ]);
  });

  it("carries a qTest login's method and username, never a password, and reads it back as a login", () => {
    const login: ConnectionRecord = { ...qtest, id: 'qtest-login', name: 'qTest login', settings: { qtestAuth: 'password', username: 'demo@example.com' } };
    const entry = entryOf(login, [], {});
    expect(entry).toMatchObject({ tool: 'qtest', authMethod: 'password', username: 'demo@example.com' });
    expect(Object.keys(entry)).not.toContain('password');
    // A token connection's entry names no method: its file reads as files written before logins were offered.
    expect(Object.keys(entryOf(qtest, [], {}))).not.toContain('authMethod');
    const doc = { ...exported(), connections: [entry] };
    const read = readDocument(text(doc));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(recordOf(read.document.connections[0], new Date(AT)).settings).toEqual({ qtestAuth: 'password', username: 'demo@example.com' });
    expect(doc.secrets).toMatch(/no API token, password, client secret or Open API key/);
  });

  it('refuses a password written into the file by hand, and a login without its username', () => {
    const withPassword = { ...exported(), connections: [{ ...entryOf(qtest, [], {}), authMethod: 'password', username: 'demo@example.com', password: 'demo-password' }] };
    expect(problemsOf(withPassword)).toEqual([
      { code: 'SCHEMA', path: '$.connections[0].password', message: expect.stringMatching(/secrets are never imported/), connection: 'qTest sandbox' },
    ]);
    const noUsername = { ...exported(), connections: [{ ...entryOf(qtest, [], {}), authMethod: 'password' }] };
    expect(problemsOf(noUsername)).toEqual([
      { code: 'SCHEMA', path: '$.connections[0].username', message: 'Username is required to sign in with a password', connection: 'qTest sandbox' },
    ]);
  });

  it('refuses a file with no connection', () => {
    expect(problemsOf({ ...exported(), connections: [] })).toEqual([{ code: 'SCHEMA', path: '$.connections', message: 'The file holds no connection: there is nothing to import.' }]);
  });

  it('writes JSON paths as JSONPath, quoting keys that are not plain names', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['connections', 0, 'statusMapping', 'Not run'])).toBe('$.connections[0].statusMapping["Not run"]');
    expect(jsonPath(['connections', 12, 'mappings', 3, 'issueType'])).toBe('$.connections[12].mappings[3].issueType');
  });
});
