/**
 * Writes test/fixtures/stored-records/: the records this release keeps in storage, made by the app itself on the
 * local runtime with the demo's three connections (in memory, nothing kept afterwards).
 *
 *   npx tsx scripts/dump-stored-records.ts [--out <dir>]
 *
 * What it does, so that every kind of record exists at the end: the admin checks the qTest connection, three
 * scheduled syncs run (a first sync, then a new qTest result and an edited case of which the tool answers one row
 * unreadably, so a failed item is queued), a dry run plans an edit, the admin changes the qTest status and version
 * mappings (the next sync has to re-count), and the app's own writers leave what a sync leaves only while it runs
 * or when it stops half-way (a run lock, the run's cache, stale, dirty and pending markers, Jira's quota pause).
 * Then every value (never a secret: those are in the runtime's secret store, which is not read) is sorted into its
 * kind by `test/fixtures/stored-records/kinds.ts` and a few of each are written, one JSON file a kind. A key of no
 * known kind fails the dump: add its kind to the table (and its reading to the fixture test) first.
 */
import '../local/runtime';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startTestApp, type TestApp } from '../test/support/local-app';
import { updateWatches } from '../src/sync/defect-watches';
import { FIXTURE_KINDS, fixtureKindOf, NOT_KEPT } from '../test/fixtures/stored-records/kinds';
import { loadItems, markCoverageStale } from '../src/sync/item-index';
import { markDirty } from '../src/sync/dirty';
import { markPending } from '../src/sync/pending';
import { takeActiveLock } from '../src/sync/lock';
import { runCache } from '../src/sync/run-cache';
import { newRunId } from '../src/sync/run-store';
import { pauseJira } from '../src/sync/jira-pause';

const ROOT = path.resolve(__dirname, '..');
const QTEST_SITE = 'demo';
/** The demo's secrets: none of them may be in a value the dump keeps. */
const DEMO_SECRETS = ['qtest-demo-token', 'xray-demo-secret', 'qmetry-demo-key'];
const SECRET_FIELDS = /"(apiToken|client_secret|clientSecret|password|access_token|token)"\s*:/;

function outDir(): string {
  const at = process.argv.indexOf('--out');
  return at > 0 ? path.resolve(process.argv[at + 1]) : path.join(ROOT, 'test', 'fixtures', 'stored-records');
}

async function syncAll(app: TestApp): Promise<void> {
  const summary = await app.server.fireTrigger('sync-scheduler');
  if (summary.events.failed > 0) throw new Error(`A sync step failed: ${JSON.stringify(summary)}`);
}

/** Has the app store one or more records of every kind. */
async function makeRecords(app: TestApp): Promise<void> {
  const qtest = app.qtest.state;
  await app.admin('testConnection', { connectionId: 'qtest-demo' });
  await syncAll(app);

  // A new result and an edited case, one row of whose page the tool answers in a shape the app cannot read.
  const site = qtest.site(QTEST_SITE)!;
  const run = site.runs.find((r) => r.projectId === 101)!;
  qtest.addLog(QTEST_SITE, run.id, 'Failed');
  const edited = site.cases.find((c) => c.projectId === 101 && c.id !== run.testCaseId)!;
  qtest.modifyTestCase(QTEST_SITE, 101, edited.id, { name: `${edited.name} (reviewed)` });
  app.qtest.faults.set({ corruptField: { count: 1 } });
  await syncAll(app);
  app.qtest.faults.clear();

  // A dry run that would edit a case.
  qtest.modifyTestCase(QTEST_SITE, 101, edited.id, { name: `${edited.name} (reviewed twice)` });
  await app.admin('syncNow', { connectionId: 'qtest-demo', dryRun: true });
  await app.server.runtime.drain();

  // The admin counts a status that is neither a pass, a failure nor a skip as blocked.
  const { rows } = (await app.admin('getStatusMapping', { connectionId: 'qtest-demo' })) as { rows: { name: string; mappedTo?: string }[] };
  const mapping = Object.fromEntries(rows.filter((r) => r.mappedTo).map((r) => [r.name, r.mappedTo!]));
  const changed = rows.find((r) => r.mappedTo && !['PASS', 'FAIL', 'SKIP', 'BLOCKED'].includes(r.mappedTo))!;
  await app.admin('saveStatusMapping', { connectionId: 'qtest-demo', mapping: { ...mapping, [changed.name]: 'BLOCKED' } });
  await app.admin('saveVersionMapping', { connectionId: 'qtest-demo', mapping: [{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }] });

  // What a sync leaves only while it runs, or when it stops half-way, written by the app's own code.
  await app.server.runtime.runInInvocation(async () => {
    const now = new Date();
    const runId = newRunId(now);
    const sourceKey = `qtest:qtest-demo:101:${edited.id}`;
    const item = (await loadItems([sourceKey])).get(sourceKey)!;
    await markCoverageStale('qtest-demo', item.property.covers.length > 0 ? item.property.covers : ['SHOP-1']);
    await markDirty('qtest-demo', [{ sourceKey, before: item, record: item }], { counted: true });
    await markPending([sourceKey], runId, now.toISOString());
    await pauseJira(new Date(now.getTime() + 600_000), "Jira's hourly points quota for the app is nearly spent");
    await runCache(runId).set('requirement-links', { [edited.id]: ['SHOP-1'] });
    await takeActiveLock('qmetry-demo', runId, now);
    // A story an open defect of a tool blocks, watched until the defect is done, and one whose tool defect (by Xray's
    // issue id) Jira could not be asked about (the demo's own stories fail anyway, so it watches none).
    await updateWatches(
      new Map([
        ['SHOP-2', { requirementKey: 'SHOP-2', keys: ['OPS-1'], at: now.toISOString() }],
        ['SHOP-3', { requirementKey: 'SHOP-3', keys: [], retry: ['10060'], at: now.toISOString() }],
      ]),
    );
  });
}

/** The values to keep, by fixture file: a few of each kind, those its `prefer` chooses first. */
function choose(values: Map<string, unknown>): Map<string, Map<string, unknown>> {
  const unknown = [...values.keys()].filter((k) => !fixtureKindOf(k) && !NOT_KEPT.some((re) => re.test(k)));
  if (unknown.length > 0) throw new Error(`Keys of no known kind (add them to test/fixtures/stored-records/kinds.ts): ${unknown.slice(0, 20).join(', ')}`);
  const kept = new Map<string, unknown>();
  const files = new Map<string, Map<string, unknown>>();
  for (const kind of FIXTURE_KINDS) {
    const keys = [...values.keys()].filter((k) => kind.match.test(k) && fixtureKindOf(k) === kind).sort();
    if (keys.length === 0) throw new Error(`The demo left no record of ${kind.file}: make one in makeRecords`);
    // The preferred first, each seeing those chosen before it; then the others, in key order.
    const file = new Map<string, unknown>();
    const take = (k: string) => {
      file.set(k, values.get(k));
      kept.set(k, values.get(k));
    };
    for (const k of keys) if (file.size < kind.keep && kind.prefer?.(k, values.get(k), kept)) take(k);
    for (const k of keys) if (file.size < kind.keep && !file.has(k)) take(k);
    files.set(kind.file, new Map([...file].sort(([a], [b]) => a.localeCompare(b))));
  }
  return files;
}

function checkNoSecret(file: string, records: Map<string, unknown>): void {
  for (const [key, value] of records) {
    const text = JSON.stringify(value);
    const secret = DEMO_SECRETS.find((s) => text.includes(s));
    if (secret || SECRET_FIELDS.test(text)) throw new Error(`${file}: ${key} holds a secret${secret ? ` (${secret})` : ''}; it must never be in the fixture`);
  }
}

async function main(): Promise<void> {
  const app = await startTestApp({ tools: ['qtest', 'xray', 'qmetry'] });
  let files: Map<string, Map<string, unknown>>;
  try {
    await makeRecords(app);
    // The runtime's value store only: secrets live in a store of their own, never read here.
    const { items } = app.server.runtime.kvs.list('', undefined, Number.MAX_SAFE_INTEGER);
    files = choose(new Map(items.map((i) => [i.key, i.value])));
  } finally {
    await app.close();
  }
  const dir = outDir();
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, records] of files) {
    checkNoSecret(file, records);
    fs.writeFileSync(path.join(dir, `${file}.json`), `${JSON.stringify(Object.fromEntries(records), null, 2)}\n`);
  }
  console.log(`Wrote ${[...files.values()].reduce((n, r) => n + r.size, 0)} records of ${files.size} kinds to ${path.relative(ROOT, dir) || dir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
