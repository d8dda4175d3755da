/**
 * Records the app stored in an earlier release (test/fixtures/stored-records/, made by
 * scripts/dump-stored-records.ts from a demo sync; see its README) are read by this release: every record through
 * its kind, with nothing set aside, and what users see of them — the admin page's connections, mappings, settings,
 * history, failed items, audit log and checks; the panel's tests of the demo story; where the sync resumes. A
 * change that cannot read today's data fails here, not on a customer's site after an upgrade.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAuditPage } from '../../../src/audit/store';
import { getSecret, listConnections } from '../../../src/config/connections';
import { listMappings } from '../../../src/config/mappings';
import { kindNamed, upgrade } from '../../../src/config/migrations/record-kinds';
import { getStatusOverrides, remapPending } from '../../../src/config/status-mappings';
import { withStoredRecordListener, type UnreadableRecord } from '../../../src/config/store';
import { getVersionMapping, versionsSeen } from '../../../src/config/version-mappings';
import { parseBudgetState } from '../../../src/connectors/budget';
import { JiraError } from '../../../src/jira/client';
import { useKv } from '../../../src/platform/kv';
import { lastChecks } from '../../../src/resolvers/checks';
import { getCheckpoint } from '../../../src/sync/checkpoints';
import { coveringViews, panelTest } from '../../../src/sync/coverage-index';
import '../../../src/sync/coverage';
import '../../../src/sync/dirty';
import '../../../src/sync/edited-requirements';
import { listFailures } from '../../../src/sync/failures';
import { loadItems, ownerOf, staleCoveragePage } from '../../../src/sync/item-index';
import { checkJiraPause } from '../../../src/sync/jira-pause';
import { activeRunOf } from '../../../src/sync/lock';
import { loadPending } from '../../../src/sync/pending';
import { readPlan } from '../../../src/sync/plan-store';
import { runCache } from '../../../src/sync/run-cache';
import { historyOf, listRuns, toSummary, type RunRecord } from '../../../src/sync/run-store';
import '../../../src/sync/schedule';
import { readProjectIndex } from '../../../src/traceability/store';
import { FIXTURE_KINDS, fixtureKindOf, STORY } from '../../fixtures/stored-records/kinds';
import { MemoryKv } from '../../support/engine/memory-kv';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'stored-records');

/** Every record of the fixture, by key. */
const records = new Map<string, unknown>(
  fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => Object.entries(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, unknown>)),
);
const ofFile = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, `${file}.json`), 'utf8')) as Record<string, any>;

let kv: MemoryKv;
let restore: () => void;
let reported: UnreadableRecord[];
/** Reads as a sync would: anything the store could not use is reported here. */
const read = <T>(fn: () => Promise<T>) => withStoredRecordListener({ report: (r) => reported.push(r) }, fn);

beforeEach(() => {
  kv = new MemoryKv(() => Date.now());
  for (const [key, value] of records) kv.values.set(key, { value: structuredClone(value) });
  restore = useKv(kv);
  reported = [];
});
afterEach(() => {
  restore();
  // Reading today's records never sets one aside.
  expect(reported).toEqual([]);
  expect(kv.keys('quarantine:')).toEqual([]);
});

describe('the stored-record fixture', () => {
  it('holds records of every kind it lists, and each is read as its kind without a problem', () => {
    for (const kind of FIXTURE_KINDS) expect([kind.file, [...records.keys()].some((k) => fixtureKindOf(k) === kind)]).toEqual([kind.file, true]);
    for (const [key, value] of records) {
      const fixtureKind = fixtureKindOf(key);
      expect([key, fixtureKind?.file]).toEqual([key, expect.any(String)]);
      if (!fixtureKind?.kind) continue;
      const kind = kindNamed(fixtureKind.kind);
      expect([key, kind?.name]).toEqual([key, fixtureKind.kind]);
      const got = upgrade(kind!, value);
      expect([key, got.ok ? 'read' : got.problems]).toEqual([key, 'read']);
    }
  });

  it('holds no secret', async () => {
    const text = JSON.stringify([...records]);
    for (const secret of ['qtest-demo-token', 'xray-demo-secret', 'qmetry-demo-key']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(apiToken|client_secret|clientSecret|password|access_token)"\s*:/);
    // Secrets are kept apart: the fixture's connections have none, and say so when asked.
    expect(await read(() => getSecret('qtest-demo'))).toBeUndefined();
  });
});

describe('what the admin page shows of the stored records', () => {
  it('lists the connections and their project mappings', async () => {
    const connections = await read(() => listConnections());
    expect(connections.map((c) => [c.name, c.tool, c.baseUrl, c.enabled, c.connected])).toEqual([
      ['QMetry (demo)', 'qmetry', 'https://demo.qmetry.com', true, true],
      ['qTest (demo)', 'qtest', 'https://demo.qtestnet.com', true, true],
      ['Xray (demo)', 'xray', 'https://xray.cloud.getxray.app', true, true],
    ]);
    expect(connections.find((c) => c.tool === 'xray')?.settings).toMatchObject({ region: 'global', clientId: 'xray-demo-client', sameSite: true });
    const mappings = await read(() => listMappings('qtest-demo'));
    expect(mappings.map((m) => [m.externalProjectName, m.jiraProjectKey, m.issueType, m.schedule, m.onDeletedInJira])).toEqual([
      ['Web Storefront', 'SHOP', 'Test', 'fiveMinute', 'leave'],
      ['Mobile App', 'SHOP', 'Test', 'fiveMinute', 'leave'],
    ]);
  });

  it("shows the admin's status and version mappings, and that the next sync re-counts", async () => {
    expect(await read(() => getStatusOverrides('qtest-demo'))).toEqual({ Incomplete: 'BLOCKED' });
    expect(await read(() => remapPending('qtest-demo'))).toEqual(expect.any(String));
    expect(await read(() => getVersionMapping('qtest-demo'))).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    expect(await read(() => versionsSeen('qtest-demo'))).toEqual(['3.1', '3.2']);
  });

  it("shows each connection's history and the runs' counts", async () => {
    const runs = Object.values(ofFile('runs')) as RunRecord[];
    const listed = await read(() => listRuns(20));
    expect(listed.map((r) => r.runId).sort()).toEqual(runs.map((r) => r.runId).sort());
    const partial = listed.find((r) => r.state === 'partial')!;
    expect(toSummary(partial)).toMatchObject({ connectionId: 'qtest-demo', trigger: 'schedule', dryRun: false, counts: { updated: 1, failed: 1 } });
    const dryRun = listed.find((r) => r.dryRun)!;
    expect(toSummary(dryRun)).toMatchObject({ connectionId: 'qtest-demo', trigger: 'manual', state: 'succeeded', planned: { update: [expect.stringMatching(/^SHOP-\d+ \(TC-\d+\)$/)] } });

    const history = await read(() => historyOf(['qtest-demo', 'xray-demo', 'qmetry-demo']));
    expect(new Set(history.map((h) => h.connectionId))).toEqual(new Set(['qtest-demo', 'xray-demo', 'qmetry-demo']));
    expect(history.find((h) => h.runId === partial.runId)).toMatchObject({ state: 'partial', counts: { failed: 1 } });
    expect(history.filter((h) => h.connectionId === 'qtest-demo' && !h.dryRun).map((h) => h.counts.created)).toContain(200);
  });

  it("lists the failed item with its cause and fix, and the dry run's plan", async () => {
    const failed = await read(() => listFailures('qtest-demo'));
    expect(failed.counts).toEqual({ retrying: 1, parked: 0, skipped: 0 });
    expect(failed.items[0]).toMatchObject({ state: 'retrying', attempts: 1, cause: expect.stringContaining('in a shape TestSync cannot read'), fix: expect.stringContaining('Check the item in the tool') });
    const dryRun = (await read(() => listRuns(20))).find((r) => r.dryRun)!;
    expect(await read(() => readPlan(dryRun.runId, 'update', 0, 10, 1))).toEqual([{ position: 0, item: dryRun.planned!.update[0] }]);
  });

  it('shows the audit log and the latest connection check', async () => {
    const page = await read(() => readAuditPage({ page: 1, pageSize: 20 }));
    expect(page).toMatchObject({ total: 3, unreadable: 0 });
    expect(page.entries.map((e) => [e.action, e.connectionName, e.accountId])).toEqual([
      ['versionMapping.changed', 'qTest (demo)', 'demo-admin'],
      ['statusMapping.changed', 'qTest (demo)', 'demo-admin'],
      ['dryRun.started', 'qTest (demo)', 'demo-admin'],
    ]);
    expect(page.entries[1].changes).toEqual([{ field: 'Incomplete', from: 'IN_PROGRESS', to: 'BLOCKED' }]);
    expect((await read(() => readAuditPage({ connectionId: 'qtest-demo', page: 1, pageSize: 20 }))).total).toBe(3);
    expect((await read(() => lastChecks(['qtest-demo']))).get('qtest-demo')).toMatchObject({ ok: true, message: 'Connected to qTest: 2 projects visible.' });
  });
});

describe('what the issue panel shows of the stored records', () => {
  it("shows the demo story's tests from every tool, each as its own record says", async () => {
    const items = ofFile('items');
    const sourceKeys = Object.values(items).map((i) => i.property.sourceKey as string);
    const loaded = await read(() => loadItems(sourceKeys));
    expect([...loaded.values()].map(panelTest).map((t) => [t.tool, t.issueKey, t.displayId, t.status])).toEqual([
      ['qmetry', 'SHOP-85', 'SHOPQA-TC-2', 'PASS'],
      ['qtest', 'SHOP-14', 'TC-2', 'PASS'],
      ['xray', 'QA-1', 'QA-1', 'PASS'],
    ]);
    const { views, unknown } = await read(() => coveringViews(STORY));
    expect(unknown).toEqual([]);
    for (const [sk, item] of loaded) {
      const shown = panelTest(item);
      expect(shown).toMatchObject({ issueKey: expect.stringMatching(/^(SHOP|QA)-\d+$/), displayId: item.property.displayId, name: item.property.name, url: item.property.url });
      expect(views.find((v) => v.displayId === shown.displayId && v.tool === shown.tool)).toMatchObject({ status: shown.status, name: shown.name });
      // The panel of the test issue itself finds its case through the owner index.
      if (Object.values(ofFile('owner-index')).some((o) => o.sourceKey === sk)) expect(await read(() => ownerOf(item.issueId))).toBe(sk);
    }
    expect(views.length).toBeGreaterThanOrEqual(3);
  });
});

describe('where the sync picks up from the stored records', () => {
  it('resumes each mapping from its checkpoint', async () => {
    const [mapping] = await read(() => listMappings('qtest-demo'));
    const checkpoint = await read(() => getCheckpoint(mapping));
    expect(checkpoint.casesSince).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(checkpoint.runsSince).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('finds the work a stopped sync left: stale coverage, an unconfirmed create, a lock, the run cache and the quota pause', async () => {
    expect((await read(() => staleCoveragePage('qtest-demo'))).markers.map((m) => m.requirementKey)).toEqual([STORY]);
    const pending = Object.values(ofFile('pending-create-markers'))[0] as { runId: string; sourceKeys: string[] };
    expect((await read(() => loadPending(pending.sourceKeys))).get(pending.sourceKeys[0])).toMatchObject({ runId: pending.runId });
    const [lock] = Object.values(ofFile('run-locks')) as { runId: string }[];
    expect(await read(() => activeRunOf('qmetry-demo'))).toBe(lock.runId);
    const [cacheKey] = Object.keys(ofFile('run-cache'));
    const [, runId, name] = /^runcache:([^:]+):(.+)$/.exec(cacheKey)!;
    expect(await read(() => runCache(runId).get(name))).toEqual(JSON.parse(Object.values(ofFile('run-cache-parts'))[0] as string));
    const { until } = ofFile('jira-pause')['jira-pause'] as { until: string };
    await expect(read(() => checkJiraPause(new Date(Date.parse(until) - 60_000)))).rejects.toThrow(JiraError);
  });

  it("reads the traceability index and Xray's request budget", async () => {
    const index = await read(() => readProjectIndex('SHOP'));
    expect(index.damaged).toEqual([]);
    expect(index.state).toMatchObject({ built: true });
    expect(index.requirements.get(STORY)?.tests.length).toBeGreaterThanOrEqual(3);
    const [budget] = Object.values(ofFile('request-budgets'));
    expect(parseBudgetState(budget)).toMatchObject({ v: 1 });
  });
});
