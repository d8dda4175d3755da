/**
 * Xray answers `POST /api/v2/authenticate` with 401 text/plain "The Xray license is not valid." when Xray is not
 * licensed on the Jira site (docs.getxray.app, XRAYCLOUD "Authentication - REST"). The connection check says so,
 * with a fix about the licence, and never blames the Client ID or Secret.
 */
import { createXrayConnector, type XrayConnectorOptions } from '../../src/connectors/xray';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { errorTexts, rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';
import { startTestApp } from '../support/local-app';

const clock = DEMO_ANCHOR;
const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));

function connector(extra: Partial<XrayConnectorOptions> = {}): Connector {
  return createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...testTransport(running.fetch, () => clock), ...extra });
}

async function authenticate(secret = DEMO_CLIENT_SECRET) {
  const res = await running.fetch('https://xray.cloud.getxray.app/api/v2/authenticate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: DEMO_CLIENT_ID, client_secret: secret }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('the simulator models an invalid Xray licence', () => {
  it('authenticate answers 401 text/plain as documented while the control is set, and works again once cleared', async () => {
    running.sim.faults.set({ invalidLicense: {} });
    expect(await authenticate()).toEqual({ status: 401, type: expect.stringMatching(/^text\/plain/), body: 'The Xray license is not valid.' });
    // A wrong secret is still a wrong key: JSON, not the licence text.
    const wrong = await authenticate('not-the-secret');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ error: 'Authentication failed. Invalid client credentials!' });
    running.sim.faults.clear();
    expect((await authenticate()).status).toBe(200);
  });

  it('can be limited to one tenant and is set over HTTP', async () => {
    const post = await fetch(`${running.localBase}/xray/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invalidLicense: { tenant: 'eu-demo' } }),
    });
    expect(await post.json()).toEqual({ invalidLicense: { tenant: 'eu-demo' } });
    expect((await authenticate()).status).toBe(200);
    running.sim.faults.set({ invalidLicense: { tenant: 'demo' } });
    expect((await authenticate()).status).toBe(401);
  });
});

describe('the connector', () => {
  it('checkConnection names the licence as the cause, with a fix about it, not the key', async () => {
    running.sim.faults.set({ invalidLicense: {} });
    const check = await connector().checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION' });
    expect(check.message).toMatch(/The Xray license is not valid\./);
    expect(check.message).toMatch(/not licensed on the Jira site/);
    expect(check.message).not.toMatch(/Client ID is unknown|does not match|swapped/);
    expect(check.fix).toMatch(/Manage apps.*Xray is installed.*licence/);
    expect(check.fix).not.toMatch(/API Keys/);
    expect(JSON.stringify(check)).not.toContain(DEMO_CLIENT_SECRET);
  });

  it('with a wrong region too, the licence is named: the global endpoint knows the key but refuses it for the licence', async () => {
    running.sim.faults.set({ invalidLicense: {} });
    const check = await connector({ region: 'eu' }).checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION', message: expect.stringMatching(/license is not valid/) });
  });

  it('a licence that becomes invalid mid-sync fails the read with the licence cause (GraphQL answers the text too)', async () => {
    const c = connector();
    await c.listStatuses('10002');
    running.sim.faults.set({ invalidLicense: {} });
    const e = (await rejectionOf(c.readTestCases('10002', {}))) as ConnectorError;
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.code).toBe('MISSING_PERMISSION');
    expect(e.details).toMatchObject({ status: 401, field: 'license' });
    expect(errorTexts(e).join(' ')).not.toContain(DEMO_CLIENT_SECRET);
  });

  it('still names a wrong key as a wrong key, with what Xray said', async () => {
    const check = await connector({ clientSecret: 'not-the-secret-1234' }).checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'INVALID_CREDENTIALS' });
    expect(check.message).toMatch(/Client ID is unknown here or the Client Secret does not match it \(Xray said: "Authentication failed\. Invalid client credentials!"\)/);
  });
});

describe('Test connection on the admin page', () => {
  it('shows the licence cause and fix for the demo Xray connection', async () => {
    const app = await startTestApp({ tools: ['xray'] });
    try {
      app.xray.faults.set({ invalidLicense: {} });
      const answer = await app.admin('testConnection', { connectionId: 'xray-demo' });
      expect(answer).toMatchObject({ ok: false, cause: 'MISSING_PERMISSION', message: expect.stringMatching(/license is not valid/), fix: expect.stringMatching(/licence/) });
      app.xray.faults.clear();
      expect(await app.admin('testConnection', { connectionId: 'xray-demo' })).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
  });
});
