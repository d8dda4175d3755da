/** Covering tests, index entries and Jira issues for the traceability tests, built the way the sync and Jira make them. */
import type { CanonicalStatus, Tool } from '../../../src/domain/model';
import type { ResultEntry } from '../../../src/domain/results';
import type { CoveringTest } from '../../../src/sync/coverage-index';
import type { VersionIssue } from '../../../src/traceability/jira-reads';

let runs = 0;

/** A run in a context, executed at `at` (the later one wins in its context). */
export function run(status: CanonicalStatus, at: string, version?: string, environment?: string, cycle?: string): ResultEntry {
  return {
    runId: `r${++runs}`,
    status,
    rawStatus: status.toLowerCase(),
    executedAt: at,
    ...(version ? { version } : {}),
    ...(environment ? { environment } : {}),
    ...(cycle ? { cycle } : {}),
  };
}

/** A covering test as the coverage index holds it. */
export function covering(issueKey: string, contexts: ResultEntry[], opts: { tool?: Tool; displayId?: string; deletedInSource?: boolean } = {}): CoveringTest {
  return {
    issueKey,
    tool: opts.tool ?? 'qtest',
    displayId: opts.displayId ?? (opts.tool === 'xray' ? issueKey : `TC-${issueKey.split('-')[1]}`),
    name: `Test ${issueKey}`,
    status: contexts.at(-1)?.status ?? 'NOT_RUN',
    url: `https://demo.qtestnet.com/tc/${issueKey}`,
    contexts,
    ...(opts.deletedInSource ? { deletedInSource: true } : {}),
  };
}

let ids = 10_000;

/** An issue of the version as Jira answers it to the viewer. */
export function issue(key: string, type = 'Story', extra: Partial<VersionIssue> = {}): VersionIssue {
  return { id: String(++ids), key, summary: `Summary of ${key}`, status: 'To Do', type, components: [], defects: [], ...extra };
}
