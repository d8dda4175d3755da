/**
 * `npm run capture` against the local demo: the local server with its simulators and demo settings in a temporary
 * data folder; each demo connection is captured, the written files hold no secret, token or e-mail address and no
 * free text of the demo, and they replay: through the connector (everything read matches `expect`, no unmatched
 * request) and through a first sync on the engine (one Jira issue per case, no failed item).
 */
import '../../local/runtime';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { capture, parseArgs } from '../../scripts/capture';
import { createLocalServer, type LocalServer } from '../../local/server';
import { Scrubber } from '../../local/runtime/scrub';
import { createConnector } from '../../src/connectors/registry';
import type { ConnectionRecord } from '../../src/config/connections';
import { sourceKeyOf, type Tool } from '../../src/domain/model';
import { replayFetch, type Exchange, type RecordedSite } from '../support/recorded';
import { createRecordedWorld, pageLimited, readProject, replaySecret, replaySettings } from '../support/engine/recorded-world';

const SECRETS = ['qtest-demo-token', 'xray-demo-secret', 'xray-demo-client', 'qmetry-demo-key'];
const DEMO_TEXTS = ['Pay with a saved card', 'Checkout', 'Sign in with email and password', 'Shop QA', 'Quality Assurance', 'Web Storefront'];
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

let server: LocalServer;
let dataDir: string;
let outDir: string;
const NOW = new Date('2026-11-29T10:00:00Z');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-capture-data-'));
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-capture-out-'));
  server = await createLocalServer({ port: 0, dataDir, fresh: true, realJira: null, schedule: false, delayScale: 0, log: () => undefined });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** A recorded site; `maxPages` when it was captured with --max-pages and more pages were left. */
type Site = RecordedSite & { maxPages?: number };

function siteFrom(dir: string, tool: Tool): Site {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'site.json'), 'utf8'));
  const exchanges = fs
    .readdirSync(dir)
    .filter((f) => f !== 'site.json' && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Exchange);
  return { ...meta, dir, tool, site: path.basename(dir), exchanges };
}

function allText(dir: string): string {
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

const connectionOf = (site: RecordedSite): ConnectionRecord => ({
  id: `${site.tool}-replay`, tool: site.tool, name: 'replay', baseUrl: site.connection.baseUrl, settings: replaySettings(site),
  enabled: true, connected: true, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
});

async function replayThroughConnector(site: Site) {
  const replay = replayFetch(site);
  const connector = pageLimited(createConnector(connectionOf(site), { apiToken: replaySecret(site) }, replay.fetch), site.maxPages);
  const reads = await readProject(connector, site.projectId, { maxPages: site.maxPages });
  return { reads, unmatched: replay.unmatched };
}

describe.each([
  ['xray', 'xray-demo'],
  ['qtest', 'qtest-demo'],
  ['qmetry', 'qmetry-demo'],
] as const)('capturing the %s demo connection', (tool, connectionId) => {
  let site: Site;
  const stat = () => fs.statSync(path.join(dataDir, 'kvs.json')).mtimeMs;

  beforeAll(async () => {
    const before = stat();
    const result = await capture({ connectionId, dataDir, outDir, simulators: server.url, now: NOW });
    expect(result.dir).toBe(path.join(outDir, tool, tool === 'xray' ? 'xray-demo' : 'demo'));
    expect(stat()).toBe(before);
    site = siteFrom(result.dir, tool);
  });

  it('writes site.json with where it came from, the connection and what the connector read', () => {
    expect(site.source).toBe(`captured from ${new URL(site.connection.baseUrl).host} on 2026-11-29 by npm run capture`);
    expect(site.exchanges.length).toBeGreaterThan(2);
    expect(site.expect.cases.length).toBeGreaterThan(0);
    expect(site.expect.totals).toEqual({ cases: site.expect.cases.length, runs: site.expect.runs.length, caseIds: site.expect.caseIds.length });
    expect(site.expect.cases[0]).toEqual(expect.objectContaining({ externalId: expect.any(String), stepsCount: expect.any(Number), requirementKeys: expect.any(Array) }));
    expect(site.expect.cases[0].steps).toBeUndefined();
    expect(site.expect.readTestCase).toMatchObject({ externalId: site.expect.cases[0].externalId });
    if (tool === 'xray') expect(site.connection.settings).toEqual({ region: 'global', clientId: 'client-1' });
  });

  it('holds no secret, token, e-mail address or demo text anywhere', () => {
    const text = allText(site.dir);
    for (const s of SECRETS) expect(text).not.toContain(s);
    expect(text).not.toMatch(JWT);
    expect(text).not.toMatch(EMAIL);
    expect(text).not.toMatch(/Bearer (?!token-\d)/);
    for (const t of DEMO_TEXTS) expect(text).not.toContain(t);
    // What the connector keys on stays: issue keys, statuses, dates.
    expect(text).toMatch(/"\d{4}-\d{2}-\d{2}T/);
  });

  it('replays through the connector: everything read matches expect, no unmatched request', async () => {
    const { reads, unmatched } = await replayThroughConnector(site);
    expect(unmatched).toEqual([]);
    expect(reads.unreadable).toEqual([]);
    const { totals: _t, ...expected } = site.expect;
    expect({ ...reads, unreadable: undefined }).toEqual({ unreadable: undefined, ...expected });
  });

  it('replays through a first sync: one Jira issue per case, no failed item', () => expectFirstSync(site));
});

async function expectFirstSync(site: Site): Promise<void> {
  const tool = site.tool;
  {
    const replay = replayFetch(site);
    const world = await createRecordedWorld({
      tool,
      connection: site.connection as { baseUrl: string; settings?: ConnectionRecord['settings'] },
      secret: replaySecret(site),
      projectId: site.projectId,
      connector: (c, s) => pageLimited(createConnector({ ...c, settings: replaySettings(site) }, s, replay.fetch), site.maxPages),
      requirementKeys: site.expect.cases.flatMap((c: { requirementKeys: string[] }) => c.requirementKeys),
    });
    try {
      const run = await world.sync();
      expect(replay.unmatched).toEqual([]);
      expect(world.failures().map((k) => JSON.stringify(world.kv.values.get(k)?.value).slice(0, 400))).toEqual([]);
      expect(run?.state).toBe('succeeded');
      const issues = world.issuesBySourceKey();
      for (const c of site.expect.cases) {
        expect(issues.get(sourceKeyOf({ tool, projectId: site.projectId, externalId: c.externalId }, world.connectionId))).toHaveLength(1);
      }
      expect(issues.size).toBe(site.expect.cases.length);
    } finally {
      world.close();
    }
  }
}

describe('the command line', () => {
  it('parses its options and refuses what it does not know', () => {
    expect(parseArgs(['--connection', 'qtest-1', '--project', '101', '--max-pages', '2', '--site', 'Acme QA'])).toEqual({
      connectionId: 'qtest-1', projectId: '101', maxPages: 2, site: 'acme-qa',
    });
    expect(() => parseArgs([])).toThrow(/--connection/);
    expect(() => parseArgs(['--connection', 'x', '--max-pages', '0'])).toThrow(/max-pages/);
    expect(() => parseArgs(['--connection', 'x', '--nope'])).toThrow(/Unknown option --nope/);
  });

  it('names the stored connections when the one asked for is not there, and never overwrites a folder unasked', async () => {
    await expect(capture({ connectionId: 'nope', dataDir, outDir, simulators: server.url })).rejects.toThrow(/no connection "nope".*xray-demo/);
    await expect(capture({ connectionId: 'xray-demo', dataDir, outDir, simulators: server.url })).rejects.toThrow(/exists/);
  });

  it('stops after --max-pages pages and says so in site.json; the replay stops there too', async () => {
    const result = await capture({ connectionId: 'qtest-demo', dataDir, outDir, simulators: server.url, site: 'paged', maxPages: 1, now: NOW });
    const site = siteFrom(result.dir, 'qtest');
    expect(site.maxPages).toBe(1);
    const { reads, unmatched } = await replayThroughConnector(site);
    expect(unmatched).toEqual([]);
    expect(reads.cases.length).toBe(site.expect.cases.length);
    await expectFirstSync(site);
  });
});

describe('the scrubber', () => {
  it('removes credentials, tokens and e-mails anywhere, free text in answers, and keeps what the connectors key on', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const s = new Scrubber(['my-api-key-123'], ['CLIENT0123456789']);
    const body = s.responseBody({
      access_token: 'opaque-access-token',
      items: [
        {
          id: 7, pid: 'TC-7', name: 'SHOP-3 Checkout with saved card', description: '<p>Ask jane.doe@acme.com</p>', created_by: 'Jane Doe',
          web_url: 'https://acme.qtestnet.com/p/1/portal/project#id=7', last_modified_date: '2026-01-02T03:04:05Z',
          properties: [
            { field_id: 1, field_name: 'Status', field_value: '201', field_value_name: 'Passed' },
            { field_id: 2, field_name: 'Assigned To', field_value: '88', field_value_name: 'Jane Doe' },
          ],
          status: { name: 'In Progress' }, testType: { name: 'Manual', kind: 'Steps' }, folder: { path: '/Checkout/Saved cards' },
          note: `token ${jwt} for my-api-key-123, Bearer abcdefghijkl`,
        },
      ],
    }) as any;
    const item = body.items[0];
    expect(body.access_token).toMatch(/^token-\d+$/);
    expect(item).toMatchObject({ id: 7, pid: 'TC-7', web_url: 'https://acme.qtestnet.com/p/1/portal/project#id=7', last_modified_date: '2026-01-02T03:04:05Z' });
    expect(item.name).toMatch(/^SHOP-3 text-\d+$/);
    expect(item.description).toMatch(/^text-\d+$/);
    expect(item.created_by).toBe(item.properties[1].field_value_name);
    expect(item.properties[0]).toEqual({ field_id: 1, field_name: 'Status', field_value: '201', field_value_name: 'Passed' });
    expect(item.properties[1].field_value).toBe('88');
    expect(item.status).toEqual({ name: 'In Progress' });
    expect(item.testType).toEqual({ name: 'Manual', kind: 'Steps' });
    expect(item.folder.path).toMatch(/^\/text-\d+\/text-\d+$/);
    const text = JSON.stringify(body);
    for (const gone of ['jane.doe', 'Jane Doe', jwt, 'my-api-key-123', 'abcdefghijkl', 'opaque-access-token', 'Checkout']) expect(text).not.toContain(gone);
    // Requests: credential keys and query values, the same placeholders everywhere.
    expect(s.requestBody({ client_id: 'CLIENT0123456789', client_secret: 'my-api-key-123', project: 'SHOP' })).toEqual({ client_id: 'client-1', client_secret: 'secret-1', project: 'SHOP' });
    expect(s.url('https://x.qmetry.com/rest/a?apikey=my-api-key-123&ids=1&ids=2&owner=jane.doe@acme.com')).toBe(
      `https://x.qmetry.com/rest/a?apikey=secret-1&ids=1&ids=2&owner=${s.placeholderOf('jane.doe@acme.com')}`,
    );
    expect(s.counts).toMatchObject({ secrets: 2, emails: 1 });
  });
});
