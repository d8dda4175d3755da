/**
 * Jira's search index lags behind its database: JQL sees an issue as it was indexed, while GET issue reads the
 * current row. With a lag of L ms (wall clock), a search at time `now` sees every issue as it was at `now - L`.
 *
 * Each change to an issue records the issue as it was just before (`before`; null for a creation). The state at
 * time T is the `before` of the first change made after T, or the current issue when it has not changed since.
 * Changes older than the lag are already indexed and are pruned, so the history stays small.
 */
import type { SimIssue } from './types';

interface Change {
  /** Wall-clock time of the change. */
  at: number;
  /** The issue as it was before the change; null when the change created it. */
  before: SimIssue | null;
}

/** An issue as a search sees it: `indexed` is what JQL evaluates, `live` the current issue (absent once deleted). */
export interface IndexedIssue {
  indexed: SimIssue;
  live?: SimIssue;
}

export class SearchIndex {
  private readonly changes = new Map<string, Change[]>();

  constructor(
    /** The current lag in ms; 0 means searches see every change at once. */
    public lag: () => number = () => 0,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Records that `issue` is about to change (edit, property write or delete). Call before mutating it. */
  willChange(issue: SimIssue): void {
    this.record(issue.id, structuredClone(issue));
  }

  /** Records that the issue with this id was just created. */
  created(issueId: string): void {
    this.record(issueId, null);
  }

  clear(): void {
    this.changes.clear();
  }

  /** Number of changes not yet visible to searches. */
  get pendingChanges(): number {
    this.prune();
    let n = 0;
    for (const list of this.changes.values()) n += list.length;
    return n;
  }

  /**
   * The issues a search sees now: each current issue as last indexed (skipped when created within the lag),
   * plus issues deleted within the lag as they were. Issues whose ids are in `reconcile` are read current, as
   * Jira does for the `reconcileIssues` of an enhanced search.
   */
  searchable(current: SimIssue[], reconcile: ReadonlySet<string> = new Set()): IndexedIssue[] {
    if (!this.prune()) return current.map((i) => ({ indexed: i, live: i }));
    const out: IndexedIssue[] = [];
    const seen = new Set<string>();
    for (const issue of current) {
      seen.add(issue.id);
      const pending = this.changes.get(issue.id);
      if (!pending || reconcile.has(issue.id)) out.push({ indexed: issue, live: issue });
      else if (pending[0].before) out.push({ indexed: pending[0].before, live: issue });
    }
    for (const [id, pending] of this.changes) {
      const before = pending[0].before;
      if (!seen.has(id) && before && !reconcile.has(id)) out.push({ indexed: before });
    }
    return out;
  }

  private record(issueId: string, before: SimIssue | null): void {
    if (!this.prune()) return;
    const list = this.changes.get(issueId) ?? [];
    list.push({ at: this.wallNow(), before });
    this.changes.set(issueId, list);
  }

  /** Drops changes the index has caught up with; answers whether a lag is active. */
  private prune(): boolean {
    const lag = this.lag();
    if (!(lag > 0)) {
      this.changes.clear();
      return false;
    }
    const horizon = this.wallNow() - lag;
    for (const [id, list] of this.changes) {
      const keep = list.filter((c) => c.at > horizon);
      if (keep.length === 0) this.changes.delete(id);
      else if (keep.length !== list.length) this.changes.set(id, keep);
    }
    return true;
  }
}
