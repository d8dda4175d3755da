/**
 * How a qTest connection signs in, as the admin page sends it and as it is stored: an API token unless the admin
 * chose a username and password; a password login names its username; connections saved before logins were
 * offered read unchanged, as token connections; the secret is called "Password" only for a login.
 */
import { ConnectionRecord, secretLabelOf } from '../../../src/config/connections';
import { ConnectionInput, enteredSecretOf, SaveConnectionInput } from '../../../src/resolvers/contract';

const QTEST = { tool: 'qtest', name: 'qTest', baseUrl: 'https://demo.qtestnet.com' } as const;

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('a qTest connection as the admin page sends it', () => {
  it('signs in with an API token when it says nothing of a method, as every earlier caller did', () => {
    const parsed = ConnectionInput.parse({ ...QTEST, apiToken: 'qtest-demo-token' });
    expect(parsed).toMatchObject({ tool: 'qtest', authMethod: 'token', apiToken: 'qtest-demo-token' });
    expect(enteredSecretOf(parsed)).toBe('qtest-demo-token');
  });

  it('needs the username to sign in with a password, and says so on the username', () => {
    const missing = ConnectionInput.safeParse({ ...QTEST, authMethod: 'password', password: 'demo-password' });
    expect(messages(missing)).toEqual(['username: Username is required to sign in with a password']);
    const blank = SaveConnectionInput.safeParse({ connection: { ...QTEST, authMethod: 'password', username: '   ', password: 'demo-password' } });
    expect(messages(blank)).toEqual(['connection.username: Username is required to sign in with a password']);
    // Reported with the form's other problems at once, not after them.
    const both = ConnectionInput.safeParse({ ...QTEST, name: '', authMethod: 'password' });
    expect(messages(both)).toEqual(['name: Name is required', 'username: Username is required to sign in with a password']);
  });

  it('takes a username and password, the password being the secret entered', () => {
    const parsed = ConnectionInput.parse({ ...QTEST, authMethod: 'password', username: ' demo@example.com ', password: 'demo-password', apiToken: 'left-in-the-form' });
    expect(parsed).toMatchObject({ authMethod: 'password', username: 'demo@example.com', password: 'demo-password' });
    expect(enteredSecretOf(parsed)).toBe('demo-password');
    // An edit may leave the password out to keep the stored one.
    expect(ConnectionInput.safeParse({ ...QTEST, authMethod: 'password', username: 'demo@example.com' }).success).toBe(true);
  });

  it('refuses a method it does not know and a password longer than any secret', () => {
    expect(messages(ConnectionInput.safeParse({ ...QTEST, authMethod: 'sso', apiToken: 't' }))).toEqual(['authMethod: Sign in with must be token or password']);
    expect(messages(ConnectionInput.safeParse({ ...QTEST, authMethod: 'password', username: 'u', password: 'x'.repeat(501) }))).toEqual([
      'password: Password is longer than 500 characters',
    ]);
  });
});

describe('a stored qTest connection', () => {
  const stored = { id: 'qtest-1', tool: 'qtest', name: 'qTest', baseUrl: 'https://demo.qtestnet.com', enabled: true, connected: true, createdAt: 'x', updatedAt: 'x' };

  it('of an earlier release reads unchanged and signs in with its API token', () => {
    const record = ConnectionRecord.parse({ ...stored, settings: {} });
    expect(record.settings).toEqual({});
    expect(secretLabelOf(record)).toBe('API token');
  });

  it('calls a login\'s secret "Password", and every other secret by its tool\'s name', () => {
    const login = ConnectionRecord.parse({ ...stored, settings: { qtestAuth: 'password', username: 'demo@example.com' } });
    expect(login.settings).toEqual({ qtestAuth: 'password', username: 'demo@example.com' });
    expect(secretLabelOf(login)).toBe('Password');
    expect(secretLabelOf({ tool: 'xray', settings: {} })).toBe('Client secret');
    expect(secretLabelOf({ tool: 'qmetry', settings: {} })).toBe('Open API key');
  });
});
