/**
 * Real-Jira mode (`JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_TOKEN`): the local server writes no demo connection or
 * mapping and fires no trigger on an interval until an admin adds a connection on the admin page. The "real site"
 * here is a stand-in: the Jira simulator served on loopback, taking the account's basic auth as that user.
 */
import '../../local/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLocalServer, defaultDataDir, type LocalServer } from '../../local/server';
import { banner } from '../../local/main';
import { createJiraSimulator } from '../../local/simulators/jira';

const EMAIL = 'site-admin@example.com';
const TOKEN = 'real-jira-api-token';
const ROOT = path.join(__dirname, '..', '..');

let standIn: FastifyInstance;
let siteUrl: string;
const seen: Array<{ method: string; url: string; auth: string }> = [];

beforeAll(async () => {
  standIn = Fastify({ logger: false });
  // A real site knows its users by basic auth; the simulator by x-sim-principal.
  standIn.addHook('onRequest', async (req) => {
    const auth = String(req.headers.authorization ?? '');
    seen.push({ method: req.method, url: req.url, auth });
    if (auth === `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`) req.headers['x-sim-principal'] = 'user:demo-admin';
  });
  await standIn.register(createJiraSimulator({ seed: 'demo' }).plugin, { prefix: '/jira' });
  siteUrl = `${await standIn.listen({ port: 0, host: '127.0.0.1' })}/jira`;
});
afterAll(() => standIn.close());

const servers: LocalServer[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startReal(logs: string[], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-real-'))) {
  const server = await createLocalServer({
    port: 0,
    dataDir,
    realJira: { baseUrl: siteUrl, email: EMAIL, apiToken: TOKEN },
    // The connection added below points at a demo host: keep it on the simulator, not the network.
    toolTarget: 'simulators',
    schedule: true,
    // fiveMinute → 30 ms: a scheduled trigger would fire many times during the waits below.
    scheduleIntervalScale: 0.0001,
    delayScale: 0,
    log: (m) => logs.push(m),
  });
  servers.push(server);
  return { server, dataDir, fired: jest.spyOn(server.runtime, 'fireTrigger') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function adminInvoke(server: LocalServer, functionKey: string, payload: unknown) {
  const res = await fetch(`${server.url}/__forge/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'testsync-admin', functionKey, payload, context: { accountId: 'demo-admin' } }),
  });
  return (await res.json()) as { ok: boolean; result: any };
}

describe('npm start against a real Jira site', () => {
  it('seeds no demo connection or mapping and schedules nothing, and says so', async () => {
    const logs: string[] = [];
    const { server, dataDir, fired } = await startReal(logs);
    expect(server.runtime.realJira?.baseUrl).toBe(siteUrl);
    expect(server.seeded).toBe(false);
    expect(server.runtime.kvs.list('connection:', undefined, 10).items).toEqual([]);
    expect(server.runtime.kvs.list('mapping:', undefined, 10).items).toEqual([]);
    expect(server.runtime.kvs.size().secrets).toBe(0);
    expect(server.scheduling).toBe(false);
    await sleep(250);
    expect(fired).not.toHaveBeenCalled();
    expect(logs.join('\n')).toMatch(/no demo connection or mapping is written/);
    expect(logs.join('\n')).toMatch(/nothing fires on an interval until a connection is added/);
    const printed = banner(server, { fresh: false, schedule: true });
    expect(printed).toContain(`${siteUrl} (real site, every call made as ${EMAIL})`);
    expect(printed).toMatch(/Demo settings: +none on a real Jira site/);
    expect(printed).toMatch(/Scheduled runs: +waiting: nothing fires on an interval until an admin adds a connection/);
    expect(printed).not.toContain('SHOP-1');
    await server.close();
    // Nothing was stored at all (no kvs.json), and no Jira simulator state next to it.
    const file = path.join(dataDir, 'kvs.json');
    const stored = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { values: {} };
    expect(Object.keys(stored.values).filter((k) => /^(connection|mapping):/.test(k))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'jira.json'))).toBe(false);
  });

  it('starts the schedule once an admin adds a connection on the admin page (as the account, by basic auth)', async () => {
    const logs: string[] = [];
    const { server, fired } = await startReal(logs);
    const before = seen.length;
    const overview = await adminInvoke(server, 'getOverview', {});
    expect(overview.ok).toBe(true);
    expect(JSON.stringify(overview.result)).not.toMatch(/qtest-demo|xray-demo|qmetry-demo/);
    // The admin check went to the site as the account.
    expect(seen.slice(before).some((r) => r.auth.startsWith('Basic '))).toBe(true);
    expect(seen.slice(before).every((r) => r.url.startsWith('/jira/rest/'))).toBe(true);
    await sleep(100);
    expect(fired).not.toHaveBeenCalled();

    const saved = await adminInvoke(server, 'saveConnection', {
      tool: 'qtest', name: 'qTest', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token',
    });
    expect(saved.ok).toBe(true);
    expect(server.scheduling).toBe(true);
    expect(logs.join('\n')).toMatch(/a connection was added on the admin page/);
    for (let i = 0; i < 50 && fired.mock.calls.length === 0; i++) await sleep(20);
    expect(fired).toHaveBeenCalledWith('sync-scheduler');
  });

  it('restarted with a connection stored, schedules at once; its storage is kept apart from the demo', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-real-'));
    const first = await startReal([], dataDir);
    await adminInvoke(first.server, 'saveConnection', { tool: 'qtest', name: 'qTest', baseUrl: 'https://demo.qtestnet.com', apiToken: 'qtest-demo-token' });
    await first.server.close();
    const second = await startReal([], dataDir);
    expect(second.server.scheduling).toBe(true);
    expect(second.server.seeded).toBe(false);
    expect(defaultDataDir(ROOT, { baseUrl: 'https://acme.atlassian.net' })).toBe(
      path.join(ROOT, '.local-data', 'real-jira', 'acme.atlassian.net'),
    );
    expect(defaultDataDir(ROOT, undefined)).toBe(path.join(ROOT, '.local-data'));
  });

  it('sends tool calls to the network by default with a real site, to the simulators without one', async () => {
    const real = await createLocalServer({ port: 0, dataDir: false, realJira: { baseUrl: siteUrl, email: EMAIL, apiToken: TOKEN }, log: () => undefined });
    servers.push(real);
    expect(real.runtime.toolTarget).toBe('network');
    const sim = await createLocalServer({ port: 0, dataDir: false, realJira: null, seedDemo: false, log: () => undefined });
    servers.push(sim);
    expect(sim.runtime.toolTarget).toBe('simulators');
  });
});
