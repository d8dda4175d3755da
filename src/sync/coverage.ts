/**
 * Coverage on requirement issues: the tests that cover each one, from every tool, counted by latest status.
 */
import { z } from 'zod';
import { fingerprint } from '../domain/fingerprint';
import { coverageCounts, coverageStatus } from '../domain/results';
import { TOOL_LABELS } from '../domain/model';
import { searchAll } from '../jira/issues';
import { COVERAGE_PROPERTY, PROPERTY_MAX_CHARS, setIssueProperty, TEST_PROPERTY } from '../jira/properties';
import { getRecord, putRecord } from '../config/store';
import { TestProperty } from './test-property';
import type { PanelTest } from '../resolvers/contract';

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

/** Every synced test whose property says it covers the requirement. */
export async function coveringTests(requirementKey: string): Promise<PanelTest[]> {
  const jql = `issue.property[${TEST_PROPERTY}].covers = "${requirementKey}" ORDER BY key ASC`;
  const issues = await searchAll(jql, { fields: ['summary'], properties: [TEST_PROPERTY] });
  const tests: PanelTest[] = [];
  for (const issue of issues) {
    const prop = TestProperty.safeParse(issue.properties?.[TEST_PROPERTY]);
    if (!prop.success) continue;
    const p = prop.data;
    tests.push({
      issueKey: issue.key,
      tool: p.tool,
      displayId: p.displayId,
      name: p.name,
      status: p.status,
      ...(p.lastRunAt ? { lastRunAt: p.lastRunAt } : {}),
      ...(p.cycle ? { cycle: p.cycle } : {}),
      url: p.url,
    });
  }
  return tests;
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

/** Recomputes and stores one requirement's coverage; answers whether Jira was written. */
export async function refreshCoverage(requirementKey: string, now: Date): Promise<boolean> {
  const tests = await coveringTests(requirementKey);
  const prop = buildCoverage(tests, now.toISOString());
  const { computedAt: _c, ...content } = prop;
  const hash = fingerprint(content);
  const previous = await getRecord(hashKey(requirementKey), CoverageHash);
  if (previous?.hash === hash) return false;
  await setIssueProperty(requirementKey, COVERAGE_PROPERTY, prop);
  await putRecord(hashKey(requirementKey), CoverageHash, { hash });
  return true;
}
