/**
 * A qTest connection that signs in with a username and password, through the real admin resolvers on the local
 * runtime: added with its check (a login against the simulated site), synced, recorded in the audit log with its
 * username and "Password" replaced, exported without the password and imported as a login waiting for it. The
 * password is in no answer, audit entry, history, log line, settings file or stored value but its encrypted secret.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { useLogSink } from '../../src/platform/log';

jest.setTimeout(120000);

const PASSWORD = 'demo-password';
const LOGIN = { tool: 'qtest', name: 'qTest login', baseUrl: 'https://demo.qtestnet.com', authMethod: 'password', username: 'demo@example.com' };

let app: TestApp;
let target: TestApp;
let id = '';
const answers: string[] = [];
const lines: string[] = [];
let restoreLog: () => void;

/** Calls the admin resolver and keeps its answer, to look for the password in every answer at the end. */
async function admin(fn: string, payload?: unknown, on: TestApp = app) {
  const answer = await on.admin(fn, payload);
  answers.push(JSON.stringify(answer));
  return answer;
}

/** Every stored value but the encrypted secrets. */
const storedValues = (on: TestApp) => JSON.stringify(on.server.runtime.kvs.list('', undefined, 1_000_000).items);

beforeAll(async () => {
  restoreLog = useLogSink((_level, line) => lines.push(line));
  [app, target] = await Promise.all([
    startTestApp({ seedDemo: false, log: (m: string) => lines.push(m) }),
    startTestApp({ seedDemo: false, log: (m: string) => lines.push(m) }),
  ]);
});
afterAll(async () => {
  restoreLog?.();
  await app?.close();
  await target?.close();
});

describe('a qTest connection signing in with a username and password', () => {
  it('is saved after its check signed in, and says how it signs in', async () => {
    const saved = await admin('saveConnectionChecked', { connection: { ...LOGIN, password: PASSWORD } });
    expect(saved).toMatchObject({ saved: true, check: { ok: true, cause: 'OK' }, connection: { hasSecret: true, settings: { qtestAuth: 'password', username: 'demo@example.com' } } });
    id = saved.connection.id;
    const entry = (await admin('listAudit', {})).rows[0];
    expect(entry).toMatchObject({ action: 'connection.added', connectionName: 'qTest login' });
    expect(entry.changes).toEqual([
      { field: 'Name', to: 'qTest login' },
      { field: 'Site URL', to: 'https://demo.qtestnet.com' },
      { field: 'Sign in with', to: 'Username and password' },
      { field: 'Username', to: 'demo@example.com' },
      { field: 'Enabled', to: 'Yes' },
    ]);
  });

  it('syncs with its login', async () => {
    expect(await admin('saveMapping', { connectionId: id, externalProjectId: '101', externalProjectName: 'Web Storefront', jiraProjectKey: 'SHOP', issueType: 'Test' })).toMatchObject({ jiraProjectKey: 'SHOP' });
    await admin('syncNow', { connectionId: id });
    await app.server.runtime.drain();
    const view = (await admin('getOverview')).connections.find((c: { id: string }) => c.id === id);
    expect(view.lastRun).toMatchObject({ state: 'succeeded' });
    expect(view.lastRun.counts.created).toBeGreaterThan(0);
    expect(view.health).toMatchObject({ status: 'ok', label: 'Healthy' });
    const history = await admin('listHistory', {});
    expect(history.total).toBe(1);
    await admin('getRunDetails', { runId: history.rows[0].runId });
  });

  it('records a replaced password as "Password", never the password itself', async () => {
    const replaced = await admin('saveConnection', { ...LOGIN, id, password: 'another-pass-9281' });
    expect(replaced.hasSecret).toBe(true);
    expect((await admin('listAudit', {})).rows[0]).toMatchObject({ action: 'connection.secretReplaced', changes: [{ field: 'Password', note: 'secret replaced' }] });
    // Back to the demo password; an edit that keeps the login keeps it.
    await admin('saveConnection', { ...LOGIN, id, password: PASSWORD });
    expect(await admin('saveConnectionChecked', { connection: { ...LOGIN, id, name: 'qTest login' } })).toMatchObject({ saved: true, check: { ok: true } });
  });

  it('is exported with its method and username and no password, and imported as a login waiting for its password', async () => {
    const file = await admin('exportConfig', { siteUrl: 'https://sandbox.example.atlassian.net' });
    expect(file.text).not.toContain(PASSWORD);
    const entry = JSON.parse(file.text).connections[0];
    expect(entry).toMatchObject({ tool: 'qtest', authMethod: 'password', username: 'demo@example.com' });
    expect(entry).not.toHaveProperty('password');

    const preview = await admin('previewConfigImport', { text: file.text }, target);
    expect(preview.preview.connections[0]).toMatchObject({ name: 'qTest login', secretLabel: 'Password', target: 'https://demo.qtestnet.com, signs in as demo@example.com' });
    const imported = await admin('importConfig', { text: file.text }, target);
    expect(imported).toMatchObject({ imported: true, complete: true, connections: [{ name: 'qTest login', secretLabel: 'Password' }] });
    const waiting = (await admin('getOverview', undefined, target)).connections[0];
    expect(waiting).toMatchObject({ hasSecret: false, settings: { qtestAuth: 'password', username: 'demo@example.com' } });
    expect(waiting.health).toMatchObject({ label: 'No Password', cause: 'No Password is stored, so it cannot sync.' });
    const whole = await admin('saveConnectionChecked', { connection: { ...LOGIN, id, password: PASSWORD, enabled: true } }, target);
    expect(whole).toMatchObject({ saved: true, check: { ok: true } });
  });

  it('is disconnected with its password removed, said as such', async () => {
    await admin('disconnect', { connectionId: id });
    expect((await admin('listAudit', {})).rows[0]).toMatchObject({ action: 'connection.disconnected', detail: 'Password and settings removed; mappings and Jira issues kept.' });
    // Its settings went with the password, the sign-in method and username among them.
    const view = (await admin('getOverview')).connections.find((c: { id: string }) => c.id === id);
    expect(view).toMatchObject({ hasSecret: false, settings: {}, health: { status: 'disconnected' } });
  });

  it('never put the password in an answer, an audit entry, the history, a log line or a stored value but its secret', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const text of [...answers, storedValues(app), storedValues(target), lines.join('\n')]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('another-pass-9281');
    }
  });
});
