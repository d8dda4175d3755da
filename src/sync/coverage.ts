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
import { getRecord, putRecord } from '../config/store';
import { coveringSourceKeys, loadItems, type ItemRecord } from './item-index';
import type { PanelTest } from '../resolvers/contract';
import type { JiraPort } from './ports';

const CoverageHash = z.object({ hash: z.string() });
const hashKey = (issueKey: string) => `coverage:${issueKey}`;

export interface CoverageProperty {
  total: number;
  failing: number;
  status: string;
  byStatus: ReturnType<typeof coverageCounts>;
  tests: PanelTest[];
  computedAt: string;
  how: string;
  truncated?: boolean;
}

export function panelTest(item: ItemRecord): PanelTest {
  const p = item.property;
  return {
    issueKey: item.issueKey,
    tool: p.tool,
    displayId: p.displayId,
    name: p.name,
    status: p.status === 'DELETED_IN_SOURCE' ? 'NOT_RUN' : p.status,
    ...(p.status === 'DELETED_IN_SOURCE' ? { deletedInSource: true } : {}),
    ...(p.lastRunAt ? { lastRunAt: p.lastRunAt } : {}),
    ...(p.cycle ? { cycle: p.cycle } : {}),
    url: p.url,
  };
}

/** Every live synced test that covers the requirement, by the app's own records. */
export async function coveringItems(requirementKey: string): Promise<ItemRecord[]> {
  const items = await loadItems(await coveringSourceKeys(requirementKey));
  return [...items.values()]
    .filter((i) => !i.tombstone && i.property.covers.includes(requirementKey))
    .sort((a, b) => a.issueKey.localeCompare(b.issueKey, 'en', { numeric: true }));
}

export async function coveringTests(requirementKey: string): Promise<PanelTest[]> {
  return (await coveringItems(requirementKey)).map(panelTest);
}

export function buildCoverage(tests: PanelTest[], computedAt: string): CoverageProperty {
  const byStatus = coverageCounts(tests.map((t) => t.status));
  const tools = [...new Set(tests.map((t) => TOOL_LABELS[t.tool]))];
  const prop: CoverageProperty = {
    total: tests.length,
    failing: byStatus.FAIL,
    status: coverageStatus(byStatus),
    byStatus,
    tests,
    computedAt,
    how:
      tests.length === 0
        ? 'No synced test covers this issue.'
        : `Counted from the latest result of each of the ${tests.length} test${tests.length === 1 ? '' : 's'} linked to this issue (${tools.join(', ')}); a test that never ran counts as NOT_RUN.`,
  };
  while (JSON.stringify(prop).length > PROPERTY_MAX_CHARS && prop.tests.length > 0) {
    prop.tests = prop.tests.slice(0, Math.floor(prop.tests.length * 0.8));
    prop.truncated = true;
  }
  return prop;
}

/** Recomputes one requirement's coverage and writes it when it changed; answers whether Jira was written. */
export async function refreshCoverage(jira: JiraPort, requirementKey: string, now: Date): Promise<boolean> {
  const tests = await coveringTests(requirementKey);
  const prop = buildCoverage(tests, now.toISOString());
  const { computedAt: _c, ...content } = prop;
  const hash = fingerprint(content);
  const previous = await getRecord(hashKey(requirementKey), CoverageHash);
  if (previous?.hash === hash) return false;
  await jira.setProperty(requirementKey, COVERAGE_PROPERTY, prop);
  await putRecord(hashKey(requirementKey), CoverageHash, { hash });
  return true;
}
