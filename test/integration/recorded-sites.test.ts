/**
 * Every recorded tool site under contracts/recorded (`recordedSites()`, whoever recorded it) replayed twice:
 *
 * - through its connector, built by the registry as the app builds it: everything `expect` names is read exactly
 *   so, no request goes unanswered, no record is unreadable (unless `expect.unreadable` says which);
 * - through a first sync on the engine's in-memory ports (test/support/engine/recorded-world.ts): one Jira issue per
 *   case read, no failed item, the run succeeded.
 *
 * Only the reads a recording holds answers for are made: projects, statuses, runs, case ids and one case only when
 * `expect` names them. A recording made with `--max-pages` (site.json `maxPages`) is read that many pages deep.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionRecord } from '../../src/config/connections';
import { createConnector } from '../../src/connectors/registry';
import type { Connector, FetchLike } from '../../src/connectors/types';
import { sourceKeyOf } from '../../src/domain/model';
import { DOCS_SITE_DIR, writeDocsExamples } from '../../local/demo/xray/docs-examples';
import { recordedSites, replayFetch, type RecordedSite } from '../support/recorded';
import { createRecordedWorld, pageLimited, readProject, replaySecret, replaySettings, type OptionalRead } from '../support/engine/recorded-world';

type Site = RecordedSite & { maxPages?: number };
type Rec = Record<string, unknown>;

const sites = recordedSites() as Site[];
const OPTIONAL: OptionalRead[] = ['projects', 'statuses', 'runs', 'caseIds', 'readTestCase'];
const readsOf = (site: Site) => OPTIONAL.filter((r) => site.expect[r] !== undefined);
const casesExpected = (site: Site): Rec[] => site.expect.cases ?? [];

function connection(site: Site): ConnectionRecord {
  const at = '2026-11-29T00:00:00.000Z';
  return { id: `${site.tool}-replay`, tool: site.tool, name: site.site, baseUrl: site.connection.baseUrl, settings: replaySettings(site), enabled: true, connected: true, createdAt: at, updatedAt: at };
}

/** The connector the app would build for the site, over `fetch`, read no deeper than the recording. */
function replayConnector(site: Site, fetch: FetchLike, settings = connection(site).settings, record = connection(site)): Connector {
  return pageLimited(createConnector({ ...record, settings }, { apiToken: replaySecret(site) }, fetch), site.maxPages);
}

/**
 * A recording without case ids (no `expect.caseIds`) has no answer for the sync's deletion scan: the connector then
 * lists the ids of the cases it has read, so the scan finds nothing deleted and asks nothing more.
 */
function idsFromReads(c: Connector): Connector {
  const seen: string[] = [];
  return {
    ...c,
    readTestCases: async (projectId, opts) => {
      const page = await c.readTestCases(projectId, opts);
      seen.push(...page.items.map((tc) => tc.externalId));
      return page;
    },
    listTestCaseIds: async () => ({ items: [...new Set(seen)] }),
  };
}

/** Each expected record is read (found by `by`, else by the fallback key) with exactly the fields it names. */
function expectEach(actual: Rec[], expected: Rec[] | undefined, by: string, fallback: string): void {
  for (const e of expected ?? []) {
    const key = e[by] !== undefined ? by : fallback;
    const found = actual.filter((a) => a[key] === e[key]);
    expect({ [key]: e[key], found: found.length }).toEqual({ [key]: e[key], found: 1 });
    expect(found[0]).toMatchObject(e);
  }
}

test('there is at least one recorded site (Xray docs-examples)', () => {
  expect(sites.map((s) => `${s.tool}/${s.site}`)).toContain('xray/docs-examples');
});

describe.each(sites.map((s) => [`${s.tool}/${s.site}`, s] as const))('recorded site %s', (_name, site) => {
  it('replays through the connector: what expect names is read exactly so, no unmatched request, nothing unreadable', async () => {
    const replay = replayFetch(site);
    const reads = await readProject(replayConnector(site, replay.fetch), site.projectId, { maxPages: site.maxPages, reads: readsOf(site), keepSteps: true });
    expect(replay.unmatched).toEqual([]);
    expect(reads.unreadable).toEqual(site.expect.unreadable ?? []);
    expectEach(reads.cases, casesExpected(site), 'externalId', 'displayId');
    expectEach(reads.runs, site.expect.runs, 'externalId', 'testCaseExternalId');
    expectEach(reads.projects as Rec[], site.expect.projects, 'id', 'name');
    // Statuses are named as records, or by their names alone.
    const statuses = (site.expect.statuses as (Rec | string)[] | undefined)?.map((st) => (typeof st === 'string' ? { name: st } : st));
    expectEach(reads.statuses as Rec[], statuses, 'id', 'name');
    if (site.expect.caseIds) expect(reads.caseIds).toEqual(site.expect.caseIds);
    if (site.expect.readTestCase) expect(reads.readTestCase).toMatchObject(site.expect.readTestCase);
    const totals = site.expect.totals as { cases?: number; runs?: number; caseIds?: number } | undefined;
    if (totals?.cases !== undefined) expect(reads.cases).toHaveLength(totals.cases);
    if (totals?.runs !== undefined) expect(reads.runs).toHaveLength(totals.runs);
    if (totals?.caseIds !== undefined) expect(reads.caseIds).toHaveLength(totals.caseIds);
  });

  it('replays through a first sync: one Jira issue per case, no failed item', async () => {
    const replay = replayFetch(site);
    const caseKeys = new Set<string>();
    const world = await createRecordedWorld({
      tool: site.tool,
      connection: site.connection as { baseUrl: string; settings?: ConnectionRecord['settings'] },
      secret: replaySecret(site),
      projectId: site.projectId,
      syncRuns: site.expect.runs !== undefined,
      requirementKeys: casesExpected(site).flatMap((c) => (c.requirementKeys as string[] | undefined) ?? []),
      connector: (record, secret) => {
        const c = replayConnector(site, replay.fetch, replaySettings(site), record);
        const listed = site.expect.caseIds !== undefined ? c : idsFromReads(c);
        return {
          ...listed,
          readTestCases: async (projectId, opts) => {
            const page = await listed.readTestCases(projectId, opts);
            for (const tc of page.items) caseKeys.add(sourceKeyOf(tc, record.id));
            return page;
          },
        };
      },
    });
    try {
      const run = await world.sync();
      expect(replay.unmatched).toEqual([]);
      expect(world.failures().map((k) => JSON.stringify(world.kv.values.get(k)?.value).slice(0, 300))).toEqual([]);
      expect({ state: run?.state, errors: run?.errors }).toEqual({ state: 'succeeded', errors: [] });
      const issues = world.issuesBySourceKey();
      expect(caseKeys.size).toBeGreaterThan(0);
      expect(caseKeys.size).toBeGreaterThanOrEqual(casesExpected(site).length);
      for (const key of caseKeys) expect({ key, issues: issues.get(key)?.length ?? 0 }).toEqual({ key, issues: 1 });
      expect(issues.size).toBe(caseKeys.size);
    } finally {
      world.close();
    }
  });
});

describe('xray/docs-examples', () => {
  const site = sites.find((s) => s.tool === 'xray' && s.site === 'docs-examples')!;

  it('is what local/demo/xray/docs-examples.ts writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-examples-'));
    try {
      await writeDocsExamples(dir);
      const jsonFiles = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.json')).sort();
      expect(jsonFiles(DOCS_SITE_DIR)).toEqual(jsonFiles(dir));
      for (const f of jsonFiles(dir)) expect({ f, json: JSON.parse(fs.readFileSync(path.join(DOCS_SITE_DIR, f), 'utf8')) }).toEqual({ f, json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads what Xray documents, mapped: steps, Gherkin and generic definitions, preconditions, coverage, custom statuses', async () => {
    const replay = replayFetch(site);
    const reads = await readProject(replayConnector(site, replay.fetch), site.projectId);
    const [calc1, calc2, calc3] = reads.cases;
    expect(calc1).toMatchObject({ displayId: 'CALC-1', stepsCount: 2, precondition: 'The calculator app is installed and open', folderPath: 'Arithmetic/Addition', requirementKeys: ['CALC-7'], priority: 'High', labels: ['arithmetic', 'smoke'] });
    expect(calc2).toMatchObject({ displayId: 'CALC-2', stepsCount: 0, description: expect.stringMatching(/^Scenario: Divide by zero\n/), requirementKeys: ['CALC-7', 'CALC-8'] });
    expect(calc3).toMatchObject({ displayId: 'CALC-3', description: 'tests/test_memory.py::test_memory_recall', requirementKeys: [] });
    expect(calc3.folderPath).toBeUndefined();
    expect(reads.runs.map((r) => [r.testCaseExternalId, r.status, r.cycle ?? null])).toEqual([
      ['10100', 'PASSED', 'CALC-10'], ['10101', 'FAILED', 'CALC-10'], ['10102', 'TODO', 'CALC-10'], ['10100', 'RETEST', 'CALC-11'],
    ]);
    expect(reads.runs.find((r) => r.status === 'TODO')).not.toHaveProperty('executedBy');
    expect(reads.statuses).toContainEqual({ id: 'TODO', name: 'TODO', isDefault: true });
    expect(reads.statuses).toContainEqual({ id: 'RETEST', name: 'RETEST' });
    expect(reads.readTestCase).toEqual({ externalId: '10100', displayId: 'CALC-1', stepsCount: 2, runs: 2 });
    expect(replay.unmatched).toEqual([]);
  });
});
