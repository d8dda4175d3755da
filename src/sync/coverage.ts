/**
 * Coverage on requirement issues: the tests that cover each one, from every tool, counted by latest status.
 * Computed from the app's own records (never from a search, which lags, or from properties, which anyone can
 * write); stored on the requirement as a property so JQL can find it.
 */
import { z } from 'zod';
import { fingerprint } from '../domain/fingerprint';
import { coverageCounts, coverageStatus } from '../domain/results';
import { TOOL_LABELS } from '../domain/model';
import { COVERAGE_PROPERTY, PROPERTY_MAX_CHARS } from '../jira/properties';
import { getMany, putMany, storedRecord } from '../config/store';
import { JiraError } from '../jira/client';
import { loadItems } from './item-index';
import { pausesRun } from './context';
import { coveringTest, coveringViews, panelTest, type CoveringTest } from './coverage-index';
import { readinessOf, resultIn, statusesOf, worstReadiness, type Readiness } from '../domain/readiness';
import type { IssueFacts } from '../jira/issues';
import type { PanelTest } from '../resolvers/contract';
import type { JiraPort } from './ports';
import { indexCoverage, type ComputedCoverage } from '../traceability/writer';

const CoverageHash = storedRecord('coverage hash', z.object({ hash: z.string() }), { unreadable: 'set-aside', consequence: { setAside: "Its requirement's coverage is written to Jira again." } });
const hashKey = (issueKey: string) => `coverage:${issueKey}`;

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
  /** Open defects linked to it (they block it in every version), absent when none. */
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

export function buildCoverage(covering: CoveringTest[], computedAt: string, fixVersions: string[] = [], openDefects: string[] = []): CoverageProperty {
  const tests: PanelTest[] = covering.map(({ contexts: _c, ...view }) => view);
  const byStatus = coverageCounts(tests.map((t) => t.status));
  const tools = [...new Set(tests.map((t) => TOOL_LABELS[t.tool]))];
  const prop: CoverageProperty = {
    total: tests.length,
    failing: byStatus.FAIL,
    status: coverageStatus(byStatus),
    byStatus,
    readiness: readinessInVersions(covering, fixVersions, openDefects.length),
    ...(fixVersions.length > 0 ? { readinessVersions: [...fixVersions].sort() } : {}),
    ...(openDefects.length > 0 ? { openDefects } : {}),
    readinessIn: readinessByContext(covering, openDefects.length),
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
export function readinessInVersions(tests: CoveringTest[], versions: string[], openDefects = 0): Readiness {
  if (versions.length === 0) return readinessOf(tests.map((t) => t.status), openDefects);
  return worstReadiness(versions.map((version) => readinessOf(statusesOf(tests.map((t) => resultIn([], testContexts(t), { version }))), openDefects))) ?? 'UNCOVERED';
}

const testContexts = (t: CoveringTest) => (t.deletedInSource ? [] : (t.contexts ?? []));

/** How many `version` and `version/environment` readinesses the property indexes (the most recently run ones). */
export const READINESS_IN_MAX = 40;

/** Readiness in each version and version/environment the covering tests ran in (see CoverageProperty.readinessIn). */
export function readinessByContext(tests: CoveringTest[], openDefects = 0): string[] {
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
    .map(([id, ctx]) => `${id}=${readinessOf(statusesOf(tests.map((t) => resultIn([], testContexts(t), ctx))), openDefects)}`)
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
}

/**
 * Recomputes many requirements' coverage from the app's own index and writes those that changed: in bulk
 * (100 a request) for the requirements Jira finds by key, one by one for the rest (so a requirement deleted in
 * Jira is noticed by its 404 and one bad issue does not fail its neighbours).
 */
export async function refreshCoverages(jira: JiraPort, requirementKeys: string[], now: Date): Promise<CoverageOutcome> {
  const outcome: CoverageOutcome = { written: [], unchanged: [], gone: [], failed: [] };
  const hashes = await getMany(requirementKeys.map(hashKey), CoverageHash);
  // The requirements' fix versions (their readiness is counted in them); those Jira does not find are tried one by one below.
  const facts = requirementKeys.length > 0 ? await jira.issueFacts(requirementKeys) : new Map<string, IssueFacts>();
  const changed: { key: string; prop: CoverageProperty; hash: string }[] = [];
  const computed: ComputedCoverage[] = [];
  for (const key of requirementKeys) {
    const tests = await coveringTests(key);
    computed.push({ key, type: facts.get(key)?.issueType, tests });
    const prop = buildCoverage(tests, now.toISOString(), facts.get(key)?.fixVersions);
    const { computedAt: _c, ...content } = prop;
    const hash = fingerprint(content);
    if (hashes.get(hashKey(key))?.hash === hash) outcome.unchanged.push(key);
    else changed.push({ key, prop, hash });
  }
  // The traceability page's index follows the coverage (derived data: written only where it changed).
  await indexCoverage(computed, { issueFacts: (keys) => jira.issueFacts(keys), coveringTests });
  if (changed.length === 0) return outcome;
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
  return outcome;
}
