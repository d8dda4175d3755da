/**
 * Coverage on requirement issues: the tests that cover each one, from every tool, counted by latest status.
 * Computed from the app's own records (never from a search, which lags, or from properties, which anyone can
 * write); stored on the requirement as a property so JQL can find it.
 *
 * Its readiness counts the requirement's open defects: the Bugs linked to it in Jira (read with its other facts) and
 * those the test tools link to the latest runs of its covering tests (their references are in the tests' results by
 * context; whether each is open is asked of Jira once per computation, for the whole batch). A requirement with an
 * open defect that blocks it somewhere is watched (`defwatch:<KEY>`), so the end of each sync's coverage phase
 * computes it again once the defect is done (`recheckDefects`), although neither it nor its tests changed.
 */
import { z } from 'zod';
import { fingerprint } from '../domain/fingerprint';
import { coverageCounts, coverageStatus } from '../domain/results';
import { TOOL_LABELS } from '../domain/model';
import { COVERAGE_PROPERTY, PROPERTY_MAX_CHARS } from '../jira/properties';
import { getMany, getRecord, pageRecords, putMany, putRecord, storedRecord } from '../config/store';
import { JiraError } from '../jira/client';
import { loadItems, markCoverageStale } from './item-index';
import { pausesRun } from './context';
import { coveringTest, coveringViews, panelTest, type CoveringTest } from './coverage-index';
import { defectsIn, readinessOf, resultIn, statusesOf, worstReadiness, type ContextFilter, type Readiness } from '../domain/readiness';
import type { DefectState, IssueFacts } from '../jira/issues';
import { log } from '../platform/log';
import { dueForRecheck, toolDefectStates, updateWatches, watchOf, type DefectWatch } from './defect-watches';
import type { PanelTest } from '../resolvers/contract';
import type { JiraPort } from './ports';
import { indexCoverage, type ComputedCoverage } from '../traceability/writer';

const CoverageHash = storedRecord('coverage hash', z.object({ hash: z.string() }), { unreadable: 'set-aside', consequence: { setAside: "Its requirement's coverage is written to Jira again." } });
const HASH_PREFIX = 'coverage:';
const hashKey = (issueKey: string) => `${HASH_PREFIX}${issueKey}`;

/**
 * What the coverage property holds, as this release computes it. 2: the open Bugs linked in Jira and the defects the
 * tools link to covering tests' latest runs count for readiness. A site upgraded from an older release has its
 * properties computed again once (`recountAfterUpgrade`), so JQL is right without waiting for the tests to change.
 */
export const COVERAGE_FORMAT = 2;
const CoverageFormat = storedRecord('coverage format', z.object({ version: z.number().int().min(1) }), { unreadable: 'skip' });
const FORMAT_KEY = 'coverage-format';

/**
 * Once after an upgrade that changed what the coverage property holds: every requirement that has one is marked for
 * this connection's coverage phase to compute again (derived data: marking twice, by two connections or a step done
 * again, only computes it once more). A new site has none and just records the format. Answers how many were marked.
 */
export async function recountAfterUpgrade(connectionId: string): Promise<number> {
  const held = await getRecord(FORMAT_KEY, CoverageFormat);
  if (held && held.version >= COVERAGE_FORMAT) return 0;
  let marked = 0;
  let cursor: string | undefined;
  do {
    const page = await pageRecords(HASH_PREFIX, CoverageHash, cursor);
    const keys = [...page.records, ...page.damaged].map((r) => r.key.slice(HASH_PREFIX.length));
    await markCoverageStale(connectionId, keys);
    marked += keys.length;
    cursor = page.nextCursor;
  } while (cursor);
  await putRecord(FORMAT_KEY, CoverageFormat, { version: COVERAGE_FORMAT });
  return marked;
}

export interface CoverageProperty {
  total: number;
  failing: number;
  status: string;
  byStatus: ReturnType<typeof coverageCounts>;
  /**
   * Readiness in the requirement's fix versions, the worst of them (indexed: testsyncReadiness); over every
   * result when it has no fix version.
   */
  readiness: Readiness;
  /** The versions it was counted in (its fix versions), absent when it has none. */
  readinessVersions?: string[];
  /**
   * Its open defects, absent when none: the Bugs linked to it in Jira (they block it in every version) and those the
   * tools link to the latest run of a covering test in a version or environment it is counted in (they block it there).
   */
  openDefects?: string[];
  /**
   * Readiness in each version and each version/environment the covering tests ran in, as `3.2=FAIL` and
   * `3.2/staging=FAIL` (indexed: testsyncReadinessIn), the most recent READINESS_IN_MAX.
   */
  readinessIn: string[];
  tests: PanelTest[];
  computedAt: string;
  how: string;
  truncated?: boolean;
}

export { panelTest };

/**
 * What the coverage of a requirement shows of each test that covers it: from the coverage index, and from the
 * tests' records for those whose view the index does not hold (entries written by earlier releases).
 */
export async function coveringTests(requirementKey: string): Promise<CoveringTest[]> {
  const { views, unknown } = await coveringViews(requirementKey);
  const items = await loadItems(unknown);
  const fromRecords = [...items.values()].filter((i) => !i.tombstone && i.property.covers.includes(requirementKey)).map(coveringTest);
  return [...views, ...fromRecords].sort((a, b) => (a.issueKey ?? '').localeCompare(b.issueKey ?? '', 'en', { numeric: true }));
}

/** What Jira said of a defect a tool links to a run: its key now, and whether it is an open defect. */
export type ToolDefectState = Pick<DefectState, 'key' | 'open'>;

/** A requirement's defects, for counting its readiness. */
export interface CoverageDefects {
  /** Keys of the open defects linked to the requirement in Jira: they block it in every context. */
  linked?: string[];
  /**
   * What Jira said of the defects the tools link to the covering tests' runs, by the reference the tool gives (a key,
   * or Xray's issue id); a reference not in it is unknown (Jira does not know it, or could not be asked) and blocks nothing.
   */
  tool?: ReadonlyMap<string, ToolDefectState>;
}

/**
 * The keys of the open defects that block the requirement in a context (undefined: by the latest results): those
 * linked to it in Jira, and those the tools link to each covering test's latest run there (each once by key).
 */
export function openDefectsIn(tests: CoveringTest[], defects: CoverageDefects, context?: ContextFilter): string[] {
  const keys = new Set(defects.linked ?? []);
  if (defects.tool && defects.tool.size > 0) {
    for (const t of tests) {
      for (const ref of defectsIn([], testContexts(t), context ?? {})) {
        const state = defects.tool.get(ref);
        if (state?.open) keys.add(state.key);
      }
    }
  }
  return [...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The contexts a test's results are counted in: the latest results, each version, each version and environment. */
function countedContexts(t: CoveringTest): ContextFilter[] {
  const out = new Map<string, ContextFilter>([['', {}]]);
  for (const c of testContexts(t)) {
    if (!c.version) continue;
    out.set(JSON.stringify([c.version]), { version: c.version });
    if (c.environment) out.set(JSON.stringify([c.version, c.environment]), { version: c.version, environment: c.environment });
  }
  return [...out.values()];
}

/** The defect references a test's tool links to its latest runs in the contexts readiness counts (each once). */
export function countedDefectRefs(t: CoveringTest): string[] {
  return [...new Set(countedContexts(t).flatMap((c) => defectsIn([], testContexts(t), c)))].sort();
}

export function buildCoverage(covering: CoveringTest[], computedAt: string, fixVersions: string[] = [], openDefects: string[] = [], toolDefects?: ReadonlyMap<string, ToolDefectState>): CoverageProperty {
  const tests: PanelTest[] = covering.map(({ contexts: _c, ...view }) => view);
  const byStatus = coverageCounts(tests.map((t) => t.status));
  const tools = [...new Set(tests.map((t) => TOOL_LABELS[t.tool]))];
  const defects: CoverageDefects = { linked: openDefects, ...(toolDefects ? { tool: toolDefects } : {}) };
  const allOpen = [...new Set([...openDefects, ...covering.flatMap((t) => countedDefectRefs(t).flatMap((ref) => (toolDefects?.get(ref)?.open ? [toolDefects.get(ref)!.key] : [])))])].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const prop: CoverageProperty = {
    total: tests.length,
    failing: byStatus.FAIL,
    status: coverageStatus(byStatus),
    byStatus,
    readiness: readinessInVersions(covering, fixVersions, defects),
    ...(fixVersions.length > 0 ? { readinessVersions: [...fixVersions].sort() } : {}),
    ...(allOpen.length > 0 ? { openDefects: allOpen } : {}),
    readinessIn: readinessByContext(covering, defects),
    tests,
    computedAt,
    how:
      tests.length === 0
        ? 'No synced test covers this issue.'
        : `Counted from the latest result of each of the ${tests.length} test${tests.length === 1 ? '' : 's'} linked to this issue (${tools.join(', ')}); a test that never ran counts as not run.`,
  };
  while (JSON.stringify(prop).length > PROPERTY_MAX_CHARS && prop.tests.length > 0) {
    prop.tests = prop.tests.slice(0, Math.floor(prop.tests.length * 0.8));
    prop.truncated = true;
  }
  return prop;
}

/** The worst readiness over these versions; over every test's latest result when there is none. */
export function readinessInVersions(tests: CoveringTest[], versions: string[], defects: CoverageDefects = {}): Readiness {
  if (versions.length === 0) return readinessOf(tests.map((t) => t.status), openDefectsIn(tests, defects).length);
  return (
    worstReadiness(versions.map((version) => readinessOf(statusesOf(tests.map((t) => resultIn([], testContexts(t), { version }))), openDefectsIn(tests, defects, { version }).length))) ??
    'UNCOVERED'
  );
}

const testContexts = (t: CoveringTest) => (t.deletedInSource ? [] : (t.contexts ?? []));

/** How many `version` and `version/environment` readinesses the property indexes (the most recently run ones). */
export const READINESS_IN_MAX = 40;

/** Readiness in each version and version/environment the covering tests ran in (see CoverageProperty.readinessIn). */
export function readinessByContext(tests: CoveringTest[], defects: CoverageDefects = {}): string[] {
  const last = new Map<string, { version: string; environment?: string; at: string }>();
  for (const t of tests) {
    for (const c of testContexts(t)) {
      if (!c.version) continue;
      for (const ctx of [{ version: c.version }, ...(c.environment ? [{ version: c.version, environment: c.environment }] : [])]) {
        const id = ctx.environment === undefined ? ctx.version : `${ctx.version}/${ctx.environment}`;
        const at = c.executedAt ?? '';
        if (!last.has(id) || last.get(id)!.at < at) last.set(id, { ...ctx, at });
      }
    }
  }
  return [...last]
    .sort((a, b) => b[1].at.localeCompare(a[1].at) || a[0].localeCompare(b[0]))
    .slice(0, READINESS_IN_MAX)
    .map(([id, ctx]) => `${id}=${readinessOf(statusesOf(tests.map((t) => resultIn([], testContexts(t), ctx))), openDefectsIn(tests, defects, ctx).length)}`)
    .filter((v) => v.length <= 255)
    .sort();
}

/** Recomputes one requirement's coverage and writes it when it changed; answers whether Jira was written. */
export async function refreshCoverage(jira: JiraPort, requirementKey: string, now: Date): Promise<boolean> {
  const { written } = await refreshCoverages(jira, [requirementKey], now);
  return written.length > 0;
}

export interface CoverageOutcome {
  /** Requirements whose coverage was written (it changed). */
  written: string[];
  /** Requirements whose coverage was already right. */
  unchanged: string[];
  /** Requirements that no longer exist in Jira. */
  gone: string[];
  failed: { key: string; error: unknown }[];
  /**
   * What the run should say: defects of the tools Jira could not be asked about (counted as not blocking until they
   * can be), or that Jira does not know (ignored).
   */
  warnings: string[];
}

/**
 * Whether an open defect makes the requirement's readiness what it is somewhere it is counted (its fix versions, or
 * the latest results without one, and each version and version/environment): there, done, it would be another.
 */
export function blockedByDefects(tests: CoveringTest[], fixVersions: string[], defects: CoverageDefects): boolean {
  const contexts = new Map<string, ContextFilter | undefined>(fixVersions.length > 0 ? [] : [['', undefined]]);
  for (const version of fixVersions) contexts.set(JSON.stringify([version]), { version });
  for (const t of tests) for (const c of countedContexts(t)) if (c.version !== undefined) contexts.set(JSON.stringify([c.version, c.environment ?? null]), c);
  for (const context of contexts.values()) {
    const open = openDefectsIn(tests, defects, context).length;
    if (open === 0) continue;
    const statuses = context ? statusesOf(tests.map((t) => resultIn([], testContexts(t), context))) : tests.map((t) => t.status);
    if (readinessOf(statuses, open) !== readinessOf(statuses, 0)) return true;
  }
  return false;
}

/**
 * Recomputes many requirements' coverage from the app's own index and writes those that changed: in bulk
 * (100 a request) for the requirements Jira finds by key, one by one for the rest (so a requirement deleted in
 * Jira is noticed by its 404 and one bad issue does not fail its neighbours).
 */
export async function refreshCoverages(jira: JiraPort, requirementKeys: string[], now: Date): Promise<CoverageOutcome> {
  const outcome: CoverageOutcome = { written: [], unchanged: [], gone: [], failed: [], warnings: [] };
  const hashes = await getMany(requirementKeys.map(hashKey), CoverageHash);
  // The requirements' fix versions (their readiness is counted in them) and open linked defects; those Jira does not find are tried one by one below.
  const facts = requirementKeys.length > 0 ? await jira.issueFacts(requirementKeys) : new Map<string, IssueFacts>();
  const covering = new Map<string, CoveringTest[]>();
  for (const key of requirementKeys) covering.set(key, await coveringTests(key));
  // Whether the defects the tools link to the tests' latest runs are open: asked once for the whole batch.
  const { states, retry } = await toolDefectStates(jira, [...covering.values()].flat(), outcome.warnings);
  const changed: { key: string; prop: CoverageProperty; hash: string }[] = [];
  const computed: ComputedCoverage[] = [];
  const watches = new Map<string, DefectWatch | undefined>();
  for (const key of requirementKeys) {
    const tests = covering.get(key)!;
    computed.push({ key, type: facts.get(key)?.issueType, tests });
    const { fixVersions = [], openDefects = [] } = facts.get(key) ?? {};
    const prop = buildCoverage(tests, now.toISOString(), fixVersions, openDefects, states);
    watches.set(key, watchOf(key, prop, tests, blockedByDefects(tests, fixVersions, { linked: openDefects, tool: states }), retry, now));
    const { computedAt: _c, ...content } = prop;
    const hash = fingerprint(content);
    if (hashes.get(hashKey(key))?.hash === hash) outcome.unchanged.push(key);
    else changed.push({ key, prop, hash });
  }
  for (const w of outcome.warnings) log.warn('coverage-warning', { message: w });
  // The traceability page's index follows the coverage (derived data: written only where it changed).
  await indexCoverage(computed, { issueFacts: (keys) => jira.issueFacts(keys), coveringTests });
  await writeChanged(jira, changed, facts, outcome);
  // A watch follows what was written (or was right already): one whose coverage could not be written stays as it was.
  const settled = new Set([...outcome.written, ...outcome.unchanged]);
  const next = new Map([...watches].filter(([key]) => settled.has(key)));
  for (const key of outcome.gone) next.set(key, undefined);
  await updateWatches(next);
  return outcome;
}

/** Writes the coverage that changed: in bulk, then one by one for what the bulk request could not write. */
async function writeChanged(jira: JiraPort, changed: { key: string; prop: CoverageProperty; hash: string }[], facts: Map<string, IssueFacts>, outcome: CoverageOutcome): Promise<void> {
  if (changed.length === 0) return;
  const bulk = changed.filter((c) => facts.has(c.key));
  let single = changed.filter((c) => !facts.has(c.key));
  if (bulk.length > 0) {
    try {
      await jira.setProperties(COVERAGE_PROPERTY, bulk.map((c) => ({ issueId: facts.get(c.key)!.id, value: c.prop })));
      outcome.written.push(...bulk.map((c) => c.key));
    } catch (e) {
      if (pausesRun(e)) throw e;
      single = changed;
    }
  }
  for (const c of single) {
    try {
      await jira.setProperty(c.key, COVERAGE_PROPERTY, c.prop);
      outcome.written.push(c.key);
    } catch (e) {
      if (pausesRun(e)) throw e;
      if (e instanceof JiraError && e.status === 404) outcome.gone.push(c.key);
      else outcome.failed.push({ key: c.key, error: e });
    }
  }
  const written = new Set(outcome.written);
  await putMany(changed.filter((c) => written.has(c.key)).map((c) => ({ key: hashKey(c.key), value: { hash: c.hash } })), CoverageHash);
}

/**
 * The end of a sync's coverage phase: the requirements whose open defects are done in Jira now are computed again
 * (src/sync/defect-watches.ts `dueForRecheck`), although neither they nor their tests changed.
 */
export async function recheckDefects(jira: JiraPort, now: Date, since?: string): Promise<CoverageOutcome | undefined> {
  const { requirementKeys, warnings } = await dueForRecheck(jira, since);
  if (requirementKeys.length === 0) return warnings.length > 0 ? { written: [], unchanged: [], gone: [], failed: [], warnings } : undefined;
  return refreshCoverages(jira, requirementKeys, now);
}
