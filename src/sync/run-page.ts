/**
 * Syncs one page of test runs: merges them into each test's recent history. The new property is stored and
 * marked dirty; the flush phase writes it to Jira once, however many pages held the test's runs.
 */
import { TOOL_LABELS, type TestRun } from '../domain/model';
import { fingerprint } from '../domain/fingerprint';
import type { ResultEntry } from '../domain/results';
import { mapStatus } from '../domain/status';
import { mapVersion, type VersionMapping } from '../config/version-mappings';
import { plan, type SyncContext } from './context';
import { markDirty } from './dirty';
import { loadItems, saveItems, type ItemRecord } from './item-index';
import { withRuns } from './test-property';

/** Where runs outside any cycle, suite or test execution are shown, rather than being lost. */
export const AD_HOC_CYCLE = 'Ad hoc runs (no cycle)';

/**
 * An entry's version fields: the Jira version the tool's version counts for, and the tool's own name when the
 * mapping counts it for another (so a later change of the mapping can be applied to it).
 */
export function versionFields(toolVersion: string | undefined, mapping: VersionMapping): Pick<ResultEntry, 'version' | 'toolVersion'> {
  if (!toolVersion) return {};
  const version = mapVersion(toolVersion, mapping);
  return version === toolVersion ? { version } : { version, toolVersion };
}

export async function syncRunPage(ctx: SyncContext, runs: TestRun[]): Promise<void> {
  const byCase = new Map<string, TestRun[]>();
  for (const run of runs) {
    const sourceKey = `${run.tool}:${ctx.connection.id}:${run.projectId}:${run.testCaseExternalId}`;
    const list = byCase.get(sourceKey) ?? [];
    list.push(run);
    byCase.set(sourceKey, list);
  }
  const items = await loadItems([...byCase.keys()]);
  const unmapped = new Set<string>();
  /** The tool versions of the runs of synced tests, as the tool names them. */
  const versions = new Set<string>();
  let orphans = 0;
  let waiting = 0;
  const changed: { sourceKey: string; before: ItemRecord; record: ItemRecord }[] = [];
  /** Tests whose issue was deleted in Jira keep their history in storage, in case the issue is created again. */
  const kept: { sourceKey: string; before: ItemRecord; record: ItemRecord }[] = [];

  for (const [sourceKey, caseRuns] of byCase) {
    const item = items.get(sourceKey);
    if (item?.tombstone && item.tombstone.reason !== 'deleted-in-jira') continue;
    if (!item) {
      // A case in the failure queue gets its runs when it is retried (its runs are read with it).
      if (ctx.knownFailures?.has(sourceKey) || ctx.failedNow.has(sourceKey)) waiting += caseRuns.length;
      else orphans += caseRuns.length;
      continue;
    }
    const entries: ResultEntry[] = caseRuns.map((r) => {
      const mapped = mapStatus(r.status, ctx.statusMapping);
      if (!mapped.mapped) unmapped.add(r.status);
      if (r.version) versions.add(r.version);
      return {
        runId: r.externalId,
        status: mapped.status,
        rawStatus: r.status,
        ...(r.executedAt ? { executedAt: r.executedAt } : {}),
        ...versionFields(r.version, ctx.versionMapping),
        cycle: r.cycle ?? AD_HOC_CYCLE,
        ...(r.environment ? { environment: r.environment } : {}),
        ...(r.defects?.length ? { defects: r.defects } : {}),
      };
    });
    const property = withRuns(item.property, entries);
    if (fingerprint(property) === fingerprint(item.property)) continue;
    if (item.tombstone) {
      if (!ctx.run.dryRun) kept.push({ sourceKey, before: item, record: { ...item, property } });
      continue;
    }
    if (ctx.run.dryRun) {
      plan(ctx, 'update', `${item.issueKey} (latest result ${property.status})`);
      continue;
    }
    changed.push({ sourceKey, before: item, record: { ...item, property } });
  }
  if (!ctx.run.dryRun) await markDirty(ctx.connection.id, changed);
  if (kept.length > 0) await saveItems(kept);
  await ctx.versionsSeen?.note(versions);

  const tool = TOOL_LABELS[ctx.connection.tool];
  for (const status of unmapped) {
    ctx.run.warnings.push(`${tool} status "${status}" is not mapped to a canonical status; its runs count as NOT_RUN until it is mapped under Status mapping.`);
  }
  if (waiting > 0 && !ctx.run.dryRun) {
    ctx.run.warnings.push(`${waiting} runs belong to test cases waiting under Failed items; they are synced with those cases.`);
  }
  if (orphans > 0 && !ctx.run.dryRun) {
    ctx.run.warnings.push(`${orphans} runs belong to test cases that are not synced to Jira; they are skipped.`);
  }
}
