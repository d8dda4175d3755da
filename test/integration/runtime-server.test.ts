/**
 * The local server: module pages with the bridge shim, /__forge/invoke, the trigger endpoint, Jira and
 * vendor routing to mounted simulators (stubs here), and the Jira simulator snapshot across restarts.
 */
import { createVendorFetch } from '../../local/runtime';
import { createLocalServer, type LocalServer, type LocalServerOptions } from '../../local/server';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { deliveries, handlers, triggerCalls } from '../fixtures/runtime/handlers';
import { createJiraStub, createQtestStub } from '../fixtures/runtime/stub-simulators';

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST = path.join(__dirname, '..', 'fixtures', 'runtime', 'manifest.yml');
const servers: LocalServer[] = [];

async function start(options: LocalServerOptions = {}): Promise<LocalServer> {
  const server = await createLocalServer({
    port: 0,
    rootDir: ROOT,
    manifestPath: MANIFEST,
    handlers,
    dataDir: false,
    delayScale: 0,
    realJira: null,
    seedDemo: false,
    simulators: { jira: createJiraStub(), qtest: createQtestStub() },
    log: () => undefined,
    ...options,
  });
  servers.push(server);
  return server;
}

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): any;
}

/** A real HTTP request to a server (fastify's inject needs an ESM dependency that jest cannot load). */
async function http(target: LocalServer, opts: { url: string; method?: string; payload?: unknown }): Promise<HttpAnswer> {
  const res = await fetch(`${target.url}${opts.url}`, {
    method: opts.method ?? 'GET',
    redirect: 'manual',
    ...(opts.payload !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.payload) } : {}),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  const body = await res.text();
  return { statusCode: res.status, headers, body, json: () => JSON.parse(body) };
}

function pageConfig(html: string): { moduleKey: string; context: Record<string, any> } {
  const match = html.match(/window\.__FORGE_LOCAL__ = (.*);<\/script>/);
  if (!match) throw new Error('no bridge config in the page');
  return JSON.parse(match[1]);
}

let server: LocalServer;
beforeAll(async () => {
  server = await start();
});
beforeEach(() => {
  deliveries.length = 0;
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('module pages', () => {
  it('redirects /admin to /admin/ and injects the shim before the app scripts', async () => {
    const redirect = await http(server, { url: '/admin?x=1' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/admin/?x=1');
    const page = await http(server, { url: '/admin/' });
    expect(page.statusCode).toBe(200);
    const shimAt = page.body.indexOf('/__forge/bridge-shim.js');
    expect(shimAt).toBeGreaterThan(0);
    expect(shimAt).toBeLessThan(page.body.indexOf('./assets/app.js'));
    const { moduleKey, context } = pageConfig(page.body);
    expect(moduleKey).toBe('fixture-admin');
    expect(context).toMatchObject({ accountId: 'demo-admin', cloudId: 'local-cloud', environmentType: 'DEVELOPMENT', extension: { type: 'jira:adminPage' } });
    expect(context.siteUrl).toBe(`${server.url}/jira`);
  });

  it('serves the build assets under the module path, and nothing outside the build', async () => {
    const asset = await http(server, { url: '/admin/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await http(server, { url: '/admin/assets/nope.js' })).statusCode).toBe(404);
    expect((await http(server, { url: '/admin/..%2F..%2Fmanifest.yml' })).statusCode).toBe(404);
  });

  it('gives the issue panel its issue, project, user and theme', async () => {
    const page = await http(server, { url: '/issue-panel/?issueKey=SHOP-1&as=bob&theme=dark' });
    const { context } = pageConfig(page.body);
    expect(context).toMatchObject({
      accountId: 'bob',
      moduleKey: 'fixture-panel',
      theme: { colorMode: 'dark' },
      extension: { type: 'jira:issuePanel', issue: { key: 'SHOP-1', id: '10001', type: 'Story' }, project: { key: 'SHOP', id: '10000', type: 'software' } },
    });
  });

  it('answers 503 with the build command when a module is not built', async () => {
    const page = await http(server, { url: '/settings/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build:ui');
  });

  it('serves the design tokens for view.theme.enable()', async () => {
    const css = await http(server, { url: '/__forge/theme.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('data-color-mode="dark"');
  });
});

describe('/__forge/invoke', () => {
  it('runs the module resolver with the page user as principal', async () => {
    const res = await http(server, {
      method: 'POST',
      url: '/__forge/invoke',
      payload: { moduleKey: 'fixture-admin', functionKey: 'whoami', payload: {}, context: { accountId: 'carol', extension: { type: 'jira:adminPage' } } },
    });
    expect(res.json()).toMatchObject({ ok: true, result: { accountId: 'carol', moduleKey: 'fixture-admin', extension: { type: 'jira:adminPage' } } });
  });

  it('answers an error when the resolver throws or the module is unknown', async () => {
    const res = await http(server, { method: 'POST', url: '/__forge/invoke', payload: { moduleKey: 'fixture-admin', functionKey: 'fail', context: {} } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ ok: false, error: { message: 'resolver exploded' } });
    const unknown = await http(server, { method: 'POST', url: '/__forge/invoke', payload: { moduleKey: 'nope', functionKey: 'x' } });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('bridge shim', () => {
  function loadShim(context: Record<string, unknown>, moduleKey: string) {
    const attributes: Record<string, string> = {};
    const window: Record<string, any> = {
      __FORGE_LOCAL__: { moduleKey, context },
      location: { href: `${server.url}/admin/` },
      document: {
        documentElement: { setAttribute: (k: string, v: string) => (attributes[k] = v) },
        getElementById: () => null,
        createElement: () => ({}),
        head: { appendChild: () => undefined },
      },
      fetch: (url: string, init: RequestInit) => fetch(`${server.url}${url}`, init),
      console,
      URL,
      JSON,
      Promise,
      setTimeout,
    };
    window.window = window;
    vm.runInNewContext(fs.readFileSync(path.join(ROOT, 'local', 'runtime', 'bridge-shim.js'), 'utf8'), window);
    return { bridge: window.__bridge as { callBridge(name: string, payload?: unknown): Promise<any> }, attributes };
  }

  it('answers invoke, getContext and enableTheming as @forge/bridge expects', async () => {
    const context = { accountId: 'dave', theme: { colorMode: 'dark' }, extension: { type: 'jira:adminPage' } };
    const { bridge, attributes } = loadShim(context, 'fixture-admin');
    await expect(bridge.callBridge('invoke', { functionKey: 'whoami', payload: {} })).resolves.toMatchObject({ accountId: 'dave' });
    await expect(bridge.callBridge('getContext')).resolves.toEqual(context);
    await bridge.callBridge('enableTheming');
    expect(attributes['data-color-mode']).toBe('dark');
    await expect(bridge.callBridge('invoke', { functionKey: 'fail' })).rejects.toThrow('resolver exploded');
  });
});

describe('product and vendor calls', () => {
  it('sends requestJira to the Jira simulator as the app or as the user', async () => {
    const asApp = await server.invoke({ moduleKey: 'fixture-admin', functionKey: 'jira-as-app', accountId: 'alice' });
    const asUser = await server.invoke({ moduleKey: 'fixture-admin', functionKey: 'jira-as-user', accountId: 'alice' });
    expect(asApp).toEqual({ principal: 'app' });
    expect(asUser).toEqual({ principal: 'user:alice' });
  });

  it('routes an allowed vendor URL to its simulator with the original host', async () => {
    const res = (await server.invoke({
      moduleKey: 'fixture-admin',
      functionKey: 'fetch',
      payload: { url: 'https://demo.qtestnet.com/api/v3/projects?page=1' },
      accountId: 'alice',
    })) as { status: number; body: string };
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ host: 'demo.qtestnet.com', url: '/qtest/api/v3/projects?page=1' });
  });

  it('createVendorFetch routes the same way outside invocations', async () => {
    const vendorFetch = createVendorFetch(server.url);
    const res = await vendorFetch('https://other.qtestnet.com/api/v3/projects');
    expect(await res.json()).toMatchObject({ host: 'other.qtestnet.com' });
    await expect(vendorFetch('https://nowhere.example.net/')).rejects.toThrow('fetch failed');
  });
});

describe('scheduled triggers', () => {
  it('fires a trigger over HTTP and answers after the queue drains', async () => {
    const res = await http(server, { method: 'POST', url: '/__forge/triggers/fixture-trigger' });
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ trigger: 'fixture-trigger', result: { pushed: 3 }, events: { delivered: 3, retried: 0, failed: 0 } });
    expect(summary.durationMs).toEqual(expect.any(Number));
    expect(deliveries).toHaveLength(3);
    const [event, context] = triggerCalls[triggerCalls.length - 1] as [any, any];
    expect(event.context).toEqual({ cloudId: 'local-cloud', moduleKey: 'fixture-trigger' });
    expect(context.principal).toBeUndefined();
    expect(deliveries[0].context.accountId).toBeUndefined();
  });

  it('answers 404 for an unknown trigger', async () => {
    const res = await http(server, { method: 'POST', url: '/__forge/triggers/nope' });
    expect(res.statusCode).toBe(404);
  });
});

describe('Jira simulator state', () => {
  it('is kept in the data directory across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-local-srv-'));
    const jira1 = createJiraStub();
    const first = await start({ dataDir, simulators: { jira: jira1, qtest: null } });
    await http(first, { method: 'POST', url: '/jira/rest/api/3/write' });
    await http(first, { method: 'POST', url: '/jira/rest/api/3/write' });
    await first.close();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'jira.json'), 'utf8'))).toEqual({ writes: 2 });

    const jira2 = createJiraStub();
    const second = await start({ dataDir, simulators: { jira: jira2, qtest: null } });
    expect(jira2.state.writes).toBe(2);
    await second.close();

    const jira3 = createJiraStub();
    const third = await start({ dataDir, fresh: true, simulators: { jira: jira3, qtest: null } });
    expect(jira3.state.writes).toBe(0);
    await third.close();
  });
});
