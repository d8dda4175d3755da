/**
 * A stored secret belongs to the host and account it was entered for. Editing a connection so that it points
 * elsewhere (qTest site URL, QMetry URL, Xray region or client ID) needs the secret again in the same save;
 * without it the save is refused with a message for the secret field, nothing is sent to the new host, and
 * nothing stored changes. Edits that keep the target (name, budget, project key, the same URL written
 * differently) keep the stored secret.
 */
import { startTestApp, type TestApp } from '../support/local-app';
import { getSecret } from '../../src/config/connections';
import { kv } from '../../src/platform/kv';

let app: TestApp;
/** Hosts the app's backend sent requests to, in order. */
let hosts: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  const runtime = app.server.runtime;
  const egress = runtime.egressFetch.bind(runtime);
  jest.spyOn(runtime, 'egressFetch').mockImplementation((ctx, input, init) => {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    hosts.push(new URL(url).hostname.toLowerCase());
    return egress(ctx, input, init);
  });
});
afterAll(async () => app?.close());
beforeEach(() => {
  hosts = [];
});

const inRuntime = <T>(fn: () => Promise<T>) => app.server.runtime.runInInvocation(fn);

/** The connection's stored record and secret, as the backend reads them. */
const stored = (id: string) => inRuntime(async () => ({ record: await kv().get(`connection:${id}`), secret: await getSecret(id) }));

const QTEST = { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com' };
const XRAY = { id: 'xray-demo', tool: 'xray', name: 'Xray (demo)', region: 'global', clientId: 'xray-demo-client', sameSite: true };
const QMETRY = { id: 'qmetry-demo', tool: 'qmetry', name: 'QMetry (demo)', baseUrl: 'https://demo.qmetry.com', projectKey: 'SHOPQA' };

/** Saves through the admin page's checked save and through the plain save: both must refuse with `message`. */
async function expectRefused(connection: Record<string, unknown>, message: string): Promise<void> {
  const id = String(connection.id);
  const before = await stored(id);
  const checked = await app.admin('saveConnectionChecked', { connection });
  expect(checked).toEqual({ error: { code: 'INVALID_INPUT', message } });
  const kept = await app.admin('saveConnectionChecked', { connection, keepIfCheckFails: true });
  expect(kept).toEqual({ error: { code: 'INVALID_INPUT', message } });
  const plain = await app.admin('saveConnection', connection);
  expect(plain).toEqual({ error: { code: 'INVALID_INPUT', message } });
  // Nothing was checked (no request at all, so the stored secret went nowhere) and nothing stored changed.
  expect(hosts).toEqual([]);
  expect(await stored(id)).toEqual(before);
}

const QTEST_MOVED = 'Enter the API token again: the stored one belongs to https://demo.qtestnet.com, not https://other.qtestnet.com.';
const XRAY_TO_EU =
  'Enter the client secret again: the stored one belongs to the Global region (https://xray.cloud.getxray.app), not the EU region (https://eu.xray.cloud.getxray.app).';
const QMETRY_MOVED = 'Enter the Open API key again: the stored one belongs to https://demo.qmetry.com, not https://other.qmetry.com.';

describe('qTest: the API token belongs to its site', () => {
  it('refuses another site URL without a new token, naming both sites', async () => {
    await expectRefused({ ...QTEST, name: 'Renamed', baseUrl: 'https://other.qtestnet.com' }, QTEST_MOVED);
    await expectRefused({ ...QTEST, baseUrl: 'https://other.qtestnet.com/', apiToken: '   ' }, QTEST_MOVED);
  });

  it('keeps the stored token while the site is the same however it is written, and takes another site only with its own token', async () => {
    const same = await app.admin('saveConnection', { ...QTEST, name: 'qTest (same site)', baseUrl: 'https://Demo.qtestnet.com/' });
    expect(same).toMatchObject({ name: 'qTest (same site)', hasSecret: true });
    expect((await stored('qtest-demo')).secret).toEqual({ apiToken: 'qtest-demo-token' });

    await expectRefused({ ...QTEST, baseUrl: 'https://other.qtestnet.com' }, QTEST_MOVED.replace('https://demo.qtestnet.com', 'https://Demo.qtestnet.com'));

    const moved = await app.admin('saveConnectionChecked', { connection: { ...QTEST, baseUrl: 'https://other.qtestnet.com', apiToken: 'token-for-other' }, keepIfCheckFails: true });
    expect(moved).toMatchObject({ saved: true, connection: { baseUrl: 'https://other.qtestnet.com', hasSecret: true } });
    // The check went to the new site, with the new token.
    expect(hosts).toContain('other.qtestnet.com');
    expect((await stored('qtest-demo')).secret).toEqual({ apiToken: 'token-for-other' });
  });
});

describe('Xray: the client secret belongs to its client ID and region', () => {
  it('refuses another region without a new secret', async () => {
    await expectRefused({ ...XRAY, region: 'eu' }, XRAY_TO_EU);
  });

  it('refuses another client ID without a new secret, and both changed, naming both', async () => {
    await expectRefused({ ...XRAY, clientId: 'another-client' }, 'Enter the client secret again: the stored one belongs to client ID xray-demo-client, not another-client.');
    await expectRefused(
      { ...XRAY, region: 'au', clientId: 'another-client' },
      'Enter the client secret again: the stored one belongs to client ID xray-demo-client in the Global region (https://xray.cloud.getxray.app), ' +
        'not client ID another-client in the AU region (https://au.xray.cloud.getxray.app).',
    );
  });

  it('keeps the stored secret when only the name, the request budget or "same site" change, and takes another region only with a new secret', async () => {
    const edited = await app.admin('saveConnection', { ...XRAY, name: 'Xray (renamed)', requestsPer5Minutes: 600, sameSite: false });
    expect(edited).toMatchObject({ name: 'Xray (renamed)', hasSecret: true, settings: { requestsPer5Minutes: 600, sameSite: false } });
    expect((await stored('xray-demo')).secret).toEqual({ apiToken: 'xray-demo-secret' });

    await expectRefused({ ...XRAY, name: 'Xray (renamed)', region: 'eu' }, XRAY_TO_EU);

    const moved = await app.admin('saveConnection', { ...XRAY, region: 'eu', clientSecret: 'eu-secret' });
    expect(moved).toMatchObject({ baseUrl: 'https://eu.xray.cloud.getxray.app', hasSecret: true, settings: { region: 'eu' } });
    expect((await stored('xray-demo')).secret).toEqual({ apiToken: 'eu-secret' });
  });
});

describe('QMetry: the Open API key belongs to its site', () => {
  it('refuses another QMetry URL without a new key', async () => {
    await expectRefused({ ...QMETRY, baseUrl: 'https://other.qmetry.com' }, QMETRY_MOVED);
  });

  it('keeps the stored key when only the project key or the organisation code change, and takes another URL only with a new key', async () => {
    const edited = await app.admin('saveConnection', { ...QMETRY, projectKey: 'OTHERQA', orgCode: 'ORG1' });
    expect(edited).toMatchObject({ hasSecret: true, settings: { projectKey: 'OTHERQA', orgCode: 'ORG1' } });
    expect((await stored('qmetry-demo')).secret).toEqual({ apiToken: 'qmetry-demo-key' });

    await expectRefused({ ...QMETRY, projectKey: 'OTHERQA', baseUrl: 'https://other.qmetry.com' }, QMETRY_MOVED);

    const moved = await app.admin('saveConnection', { ...QMETRY, baseUrl: 'https://other.qmetry.com', apiKey: 'key-for-other' });
    expect(moved).toMatchObject({ baseUrl: 'https://other.qmetry.com', hasSecret: true });
    expect((await stored('qmetry-demo')).secret).toEqual({ apiToken: 'key-for-other' });

    // A disconnected connection has no secret to keep: it asks for one by name, wherever it points.
    await app.admin('disconnect', { connectionId: 'qmetry-demo' });
    const answer = await app.admin('saveConnection', { ...QMETRY, baseUrl: 'https://third.qmetry.com' });
    expect(answer).toEqual({ error: { code: 'INVALID_INPUT', message: 'Open API key is required.' } });
  });
});

describe('qTest: a password belongs to its login, and a token is no password', () => {
  const LOGIN = { username: 'demo@example.com', password: 'demo-password' };
  let signIn: Record<string, unknown>;

  beforeAll(async () => {
    const saved = await app.admin('saveConnection', { tool: 'qtest', name: 'qTest sign-in', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token' });
    expect(saved.error).toBeUndefined();
    signIn = { id: saved.id, tool: 'qtest', name: 'qTest sign-in', baseUrl: 'https://demo.qtestnet.com' };
  });

  it('refuses a switch from API token to password without the password, and takes it with one (checked by a login)', async () => {
    await expectRefused(
      { ...signIn, authMethod: 'password', username: LOGIN.username },
      'Enter the password: the stored secret is an API token, not the password of demo@example.com.',
    );
    const switched = await app.admin('saveConnectionChecked', { connection: { ...signIn, authMethod: 'password', ...LOGIN } });
    expect(switched).toMatchObject({ saved: true, check: { ok: true }, connection: { hasSecret: true, settings: { qtestAuth: 'password', username: LOGIN.username } } });
    expect(JSON.stringify(switched)).not.toContain(LOGIN.password);
    expect(await stored(String(signIn.id))).toMatchObject({ record: { settings: { qtestAuth: 'password', username: LOGIN.username } }, secret: { apiToken: LOGIN.password } });
  });

  it('keeps the stored password on an edit that changes neither the method nor the username (its case aside)', async () => {
    const edited = await app.admin('saveConnectionChecked', { connection: { ...signIn, name: 'qTest sign-in (renamed)', authMethod: 'password', username: 'Demo@Example.com', password: '' } });
    expect(edited).toMatchObject({ saved: true, check: { ok: true }, connection: { name: 'qTest sign-in (renamed)', hasSecret: true } });
    expect((await stored(String(signIn.id))).secret).toEqual({ apiToken: LOGIN.password });
    expect(await app.admin('testConnection', { connectionId: signIn.id })).toMatchObject({ ok: true, cause: 'OK' });
  });

  it('refuses another username without its password, naming both logins', async () => {
    await expectRefused(
      { ...signIn, authMethod: 'password', username: 'someone@example.com' },
      'Enter the password again: the stored one belongs to Demo@Example.com, not someone@example.com.',
    );
    await expectRefused(
      { ...signIn, baseUrl: 'https://other.qtestnet.com', authMethod: 'password', username: 'someone@example.com' },
      'Enter the password again: the stored one belongs to Demo@Example.com on https://demo.qtestnet.com, not someone@example.com on https://other.qtestnet.com.',
    );
    await expectRefused(
      { ...signIn, baseUrl: 'https://other.qtestnet.com', authMethod: 'password', username: 'Demo@Example.com' },
      'Enter the password again: the stored one belongs to https://demo.qtestnet.com, not https://other.qtestnet.com.',
    );
  });

  it('refuses a switch back to an API token without the token, and takes it with one', async () => {
    await expectRefused({ ...signIn }, 'Enter the API token: the stored secret is the password of Demo@Example.com, not an API token.');
    const back = await app.admin('saveConnectionChecked', { connection: { ...signIn, authMethod: 'token', apiToken: 'qtest-demo-token', username: 'ignored@example.com' } });
    expect(back).toMatchObject({ saved: true, check: { ok: true } });
    // A token connection is stored as before logins were offered: no sign-in setting, no username.
    expect(await stored(String(signIn.id))).toMatchObject({ record: { settings: {} }, secret: { apiToken: 'qtest-demo-token' } });
  });

  it('asks a new login for its password by name', async () => {
    const answer = await app.admin('saveConnection', { tool: 'qtest', name: 'No password', baseUrl: 'https://demo.qtestnet.com', authMethod: 'password', username: LOGIN.username });
    expect(answer).toEqual({ error: { code: 'INVALID_INPUT', message: 'Password is required.' } });
  });
});
