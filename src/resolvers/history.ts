/**
 * The sync history for the admin page: pages of runs, filtered and sorted; one run's details (what it did, its
 * waits, warnings and errors, and the items it left under Failed items with links to Jira and the tool); runs
 * polled for their progress; and a dry run's whole plan, page by page.
 */
import { listConnections, getConnection, type ConnectionRecord } from '../config/connections';
import { listRecords } from '../config/store';
import { FailureRecord, failureView } from '../sync/failures';
import { loadItems } from '../sync/item-index';
import { safeKeyPart } from '../sync/keys';
import { readPlan } from '../sync/plan-store';
import { HISTORY_RETENTION, getRun, historyOf, toSummary, type RunRecord } from '../sync/run-store';
import {
  HistoryQuery,
  PlanPageInput,
  RunRef,
  RunsRef,
  type FailedItemView,
  type HistoryPage,
  type HistoryRow,
  type HistorySortKey,
  type PlanPage,
  type RunDetailsView,
  type RunSummary,
} from './contract';
import { ApiFailure } from './guard';

const SORT_VALUE: Record<HistorySortKey, (r: HistoryRow) => number | string> = {
  started: (r) => r.startedAt,
  duration: (r) => r.durationMs ?? -1,
  created: (r) => r.counts.created,
  updated: (r) => r.counts.updated,
  linked: (r) => r.counts.linked,
  failed: (r) => r.counts.failed,
};

export async function listHistory(raw: unknown): Promise<HistoryPage> {
  const q = HistoryQuery.parse(raw ?? {});
  const known = await listConnections();
  if (q.connectionId && !known.some((c) => c.id === q.connectionId)) throw new ApiFailure('NOT_FOUND', `There is no connection ${q.connectionId}.`);
  const rows = (await historyOf(q.connectionId ? [q.connectionId] : known.map((c) => c.id))).filter(
    (r) =>
      (!q.state || r.state === q.state) &&
      (!q.trigger || (q.trigger === 'dryRun' ? r.dryRun : !r.dryRun && r.trigger === q.trigger)),
  );
  const value = SORT_VALUE[q.sortKey];
  const direction = q.sortOrder === 'ASC' ? 1 : -1;
  rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const order = va < vb ? -1 : va > vb ? 1 : 0;
    return order * direction || b.startedAt.localeCompare(a.startedAt) || a.runId.localeCompare(b.runId);
  });
  const pages = Math.max(1, Math.ceil(rows.length / q.pageSize));
  const page = Math.min(q.page, pages);
  return {
    rows: rows.slice((page - 1) * q.pageSize, page * q.pageSize),
    total: rows.length,
    page,
    pageSize: q.pageSize,
    retention: { ...HISTORY_RETENTION },
  };
}

/** Where an item is in its tool, as far as the app knows. */
function toolUrl(c: ConnectionRecord, r: FailureRecord, synced?: string): string | undefined {
  if (synced) return synced;
  if (c.tool === 'qtest' && c.baseUrl) return `${c.baseUrl}/p/${encodeURIComponent(r.projectId)}/portal/project#tab=testdesign&object=1&id=${encodeURIComponent(r.externalId)}`;
  return undefined;
}

/** Failure records of a connection, with the tool link of each (from the synced item when there is one). */
export async function failedItemViews(c: ConnectionRecord, records: FailureRecord[]): Promise<FailedItemView[]> {
  const items = await loadItems(records.map((r) => r.sourceKey)).catch(() => new Map());
  return records.map((r) => {
    const url = toolUrl(c, r, items.get(r.sourceKey)?.property.url);
    return { ...failureView(r), ...(url ? { toolUrl: url } : {}) };
  });
}

export async function getRunDetails(raw: unknown): Promise<RunDetailsView> {
  const { runId } = RunRef.parse(raw);
  const run = await getRun(runId);
  if (!run) throw new ApiFailure('NOT_FOUND', 'That run is not in the history any more.');
  const c = await getConnection(run.connectionId);
  let failedItems: FailedItemView[] = [];
  if (c && !run.dryRun) {
    const records = (await listRecords(`failure:${safeKeyPart(c.id)}:`, FailureRecord, 2000)).map((r) => r.value).filter((r) => r.lastRunId === runId);
    const order = { parked: 0, retrying: 1, skipped: 2 } as const;
    failedItems = await failedItemViews(c, records.sort((a, b) => order[a.state] - order[b.state] || a.displayId.localeCompare(b.displayId)).slice(0, 500));
  }
  return { run: toSummary(run), ...(c ? { connection: { id: c.id, name: c.name, tool: c.tool } } : {}), failedItems };
}

/** The runs named, as they are now (for the page's progress polling); runs no longer stored are left out. */
export async function getRuns(raw: unknown): Promise<{ runs: RunSummary[] }> {
  const { runIds } = RunsRef.parse(raw);
  const runs = await Promise.all(runIds.map((id) => getRun(id).catch(() => undefined)));
  return { runs: runs.filter((r): r is RunRecord => !!r).map(toSummary) };
}

const PLAN_TOTAL = { create: 'created', update: 'updated', link: 'linked' } as const;

export async function getPlanPage(raw: unknown): Promise<PlanPage> {
  const { runId, kind, offset, limit } = PlanPageInput.parse(raw);
  const run = await getRun(runId);
  if (!run) throw new ApiFailure('NOT_FOUND', 'That run is not in the history any more.');
  if (!run.dryRun) throw new ApiFailure('INVALID_INPUT', 'Only a dry run has a plan; a sync lists what it did in its counts, errors and warnings.');
  const total = run.counts[PLAN_TOTAL[kind]];
  return { runId, kind, total, offset, items: await readPlan(runId, kind, offset, limit, total) };
}
