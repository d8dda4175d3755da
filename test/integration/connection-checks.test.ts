/**
 * "Test connection" for every tool names the cause and the fix, and no answer or log line carries a secret.
 */
import { startTestApp, type TestApp } from '../support/local-app';

let app: TestApp;
const logged: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'], log: (m: string) => logged.push(m) });
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});
afterAll(async () => {
  jest.restoreAllMocks();
  await app?.close();
});

const SECRETS = ['wrong-xray-secret', 'xray-demo-secret', 'qmetry-expired-key', 'qmetry-demo-key', 'qtest-expired-token', 'qtest-demo-token', 'demo-password', 'wrong-password-77'];

async function check(input: Record<string, unknown>) {
  const saved = await app.admin('saveConnection', input);
  expect(saved.error).toBeUndefined();
  const answer = await app.admin('testConnection', { connectionId: saved.id });
  for (const secret of SECRETS) {
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(JSON.stringify(answer)).not.toContain(secret);
  }
  return answer;
}

describe('test connection', () => {
  it('succeeds for each demo connection', async () => {
    for (const id of ['qtest-demo', 'xray-demo', 'qmetry-demo']) {
      expect(await app.admin('testConnection', { connectionId: id })).toMatchObject({ ok: true, cause: 'OK' });
    }
  });

  it('names a wrong Xray client secret', async () => {
    const answer = await check({ tool: 'xray', name: 'Xray wrong secret', region: 'global', clientId: 'xray-demo-client', clientSecret: 'wrong-xray-secret' });
    expect(answer).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS', message: expect.stringMatching(/client/i), fix: expect.any(String) });
  });

  it('says when the Xray credentials belong to another region', async () => {
    const answer = await check({ tool: 'xray', name: 'Xray wrong region', region: 'eu', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret' });
    expect(answer).toMatchObject({ ok: false, cause: 'WRONG_REGION_OR_URL', fix: expect.stringMatching(/region/i) });
  });

  it('names an unknown QMetry project', async () => {
    const answer = await check({ tool: 'qmetry', name: 'QMetry unknown project', baseUrl: 'https://demo.qmetry.com', apiKey: 'qmetry-demo-key', projectKey: 'NOPE' });
    expect(answer).toMatchObject({ ok: false, cause: 'PROJECT_NOT_FOUND', message: expect.stringContaining('NOPE'), fix: expect.any(String) });
  });

  it('says when a token or key has expired', async () => {
    const qtest = await check({ tool: 'qtest', name: 'qTest expired', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-expired-token' });
    expect(qtest).toMatchObject({ ok: false, cause: 'TOKEN_EXPIRED', fix: expect.any(String) });
    const qmetry = await check({ tool: 'qmetry', name: 'QMetry expired', baseUrl: 'https://demo.qmetry.com', apiKey: 'qmetry-expired-key', projectKey: 'SHOPQA' });
    expect(qmetry).toMatchObject({ ok: false, cause: 'TOKEN_EXPIRED', fix: expect.any(String) });
  });

  it('signs in to qTest with a username and password, and names a wrong password with a fix about the login, not the token', async () => {
    const login = { tool: 'qtest', baseUrl: 'https://demo.qtestnet.com', authMethod: 'password', username: 'demo@example.com' };
    expect(await check({ ...login, name: 'qTest login', password: 'demo-password' })).toMatchObject({ ok: true, cause: 'OK', message: 'Connected to qTest: 2 projects visible.' });
    const wrong = await check({ ...login, name: 'qTest wrong password', password: 'wrong-password-77' });
    expect(wrong).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS', message: 'qTest rejected the username or password.' });
    expect(wrong.fix).toMatch(/username and password|username or password/);
    expect(wrong.fix).not.toMatch(/API token of this site/);
    // The row says the same: the check's cause and fix.
    const row = (await app.admin('getOverview')).connections.find((c: { name: string }) => c.name === 'qTest wrong password');
    expect(row.health).toMatchObject({ status: 'failing', label: 'Check failed', cause: wrong.message, fix: wrong.fix });
    expect(JSON.stringify(row)).not.toContain('wrong-password-77');
  });

  it('refuses a QMetry connection without a project key, and an unknown tool, with specific messages', async () => {
    const noKey = await app.admin('saveConnection', { tool: 'qmetry', name: 'No key', baseUrl: 'https://demo.qmetry.com', apiKey: 'k', projectKey: '' });
    expect(noKey.error.message).toContain('Project key must be the QMetry project key');
    const noTool = await app.admin('saveConnection', { tool: 'zephyr', name: 'Other' });
    expect(noTool.error.message).toContain('Tool must be one of qtest, xray, qmetry');
    const noSecret = await app.admin('saveConnection', { tool: 'xray', name: 'No secret', clientId: 'abc' });
    expect(noSecret.error).toEqual({ code: 'INVALID_INPUT', message: 'Client secret is required.' });
  });

  it('never wrote a secret to a log line', () => {
    for (const line of logged) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});

describe('connection input errors', () => {
  it('names each bad field by the label the admin sees, without internal keys', async () => {
    const xray = await app.admin('saveConnection', { tool: 'xray', name: '', clientId: '' });
    expect(xray.error.message).toBe('Name is required; Client ID is required');
    const qmetry = await app.admin('saveConnection', { tool: 'qmetry', name: 'Q', baseUrl: 'https://example.com', apiKey: 'k', projectKey: 'a b' });
    expect(qmetry.error.message).toBe('QMetry URL must look like https://<site>.qmetry.com; Project key must be the QMetry project key, e.g. SHOPQA');
  });
});

describe('Xray request budget', () => {
  it('keeps the budget an admin sets and refuses a budget that is not a sensible whole number', async () => {
    const saved = await app.admin('saveConnection', { tool: 'xray', name: 'Xray enterprise', clientId: 'xray-demo-client', clientSecret: 'xray-demo-secret', requestsPer5Minutes: 1000 });
    expect(saved.settings).toMatchObject({ requestsPer5Minutes: 1000, region: 'global', sameSite: true });
    expect(await app.admin('testConnection', { connectionId: saved.id })).toMatchObject({ ok: true });
    const tooLow = await app.admin('saveConnection', { tool: 'xray', name: 'Xray tiny', clientId: 'c', clientSecret: 's', requestsPer5Minutes: 5 });
    expect(tooLow.error.message).toBe('Request budget must be at least 10 requests');
    const notANumber = await app.admin('saveConnection', { tool: 'xray', name: 'Xray NaN', clientId: 'c', clientSecret: 's', requestsPer5Minutes: Number('lots') });
    expect(notANumber.error.message).toMatch(/^Request budget must be a/);
  });
});
