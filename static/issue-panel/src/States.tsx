/**
 * The panel's states besides a list: not set up, never synced, not covered, a failed load, and the banner that
 * says results may be out of date because a connection's last sync failed. Each says what to do.
 */
import type { Tool } from '../../../src/domain/model';
import type { PanelSync, PanelView } from '../../../src/resolvers/contract';
import { formatRelative, toolName } from '../../shared/format';
import { Time } from '../../shared/Time';
import { describeError } from './errors';
import { Banner } from './ui/Banner';
import { Button } from './ui/Button';
import { EmptyState } from './ui/EmptyState';

const ADMIN_PLACE = 'Jira settings → Apps → TestSync';

export function NotConfigured() {
  return (
    <EmptyState header="TestSync is not set up yet" testId="state-not-configured">
      <p>A Jira admin can connect qTest, Xray or QMetry in {ADMIN_PLACE}. Tests then appear here.</p>
    </EmptyState>
  );
}

function names(list: { name: string }[]): string {
  const n = list.map((c) => c.name);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

export function NeverSynced({ view, onCheck, busy }: { view: Extract<PanelView, { kind: 'never-synced' }>; onCheck: () => void; busy: boolean }) {
  const failed = view.sync.failed.length > 0;
  return (
    <EmptyState header={view.sync.running ? 'The first sync is running' : 'No sync has run yet'} testId="state-never-synced">
      {view.sync.running ? (
        <p>TestSync is reading tests from {names(view.connections)} for the first time. They appear here when it finishes.</p>
      ) : (
        <p>
          TestSync is connected to {names(view.connections)} but has not {failed ? 'completed a' : 'run its first'} sync.
          {failed ? '' : ` Tests appear here after it; a Jira admin can start it now with “Sync now” in ${ADMIN_PLACE}.`}
        </p>
      )}
      <Button onClick={onCheck} isLoading={busy} disabled={busy}>
        Check again
      </Button>
    </EmptyState>
  );
}

export function NotCovered({ issueKey, tools }: { issueKey: string; tools?: Tool[] }) {
  const from = tools?.length ? tools.map(toolName).join(', ') : 'qTest, Xray or QMetry';
  return (
    <EmptyState header="No tests cover this issue" testId="state-not-covered">
      <p>No test from {from} is linked to {issueKey}.</p>
      <p className="tsp-subtle">To cover it, link a test case to {issueKey} in its tool; it shows here after the next sync.</p>
    </EmptyState>
  );
}

/** Shown above the results when a connection's last sync failed: when results were last updated, and what to do. */
export function SyncBanner({ sync, neverSynced }: { sync: PanelSync; neverSynced?: boolean }) {
  if (sync.failed.length === 0) return null;
  return (
    <Banner appearance="warning" title={neverSynced ? 'The sync failed' : 'Results may be out of date'} testId="stale-banner">
      {sync.failed.map((f) => (
        <p key={f.connection}>
          The last sync of {f.connection} failed <Time iso={f.failedAt} />.{' '}
          {f.lastSucceededAt ? (
            <>
              Results from it were last updated <Time iso={f.lastSucceededAt} />.{' '}
            </>
          ) : null}
          {f.action}
        </p>
      ))}
    </Banner>
  );
}

/** "Updated 3 minutes ago" for the header, from the latest successful sync. */
export function syncedWords(sync: PanelSync | undefined): string | undefined {
  if (!sync) return undefined;
  if (sync.running) return 'A sync is running';
  return sync.lastSyncedAt ? `Synced ${formatRelative(sync.lastSyncedAt)}` : undefined;
}

export function LoadError({ error, onRetry, busy }: { error: unknown; onRetry: () => void; busy: boolean }) {
  const e = describeError(error);
  return (
    <Banner
      appearance="error"
      title="Tests could not be loaded"
      role="alert"
      actions={
        e.retry ? (
          <Button onClick={onRetry} isLoading={busy}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <p>{e.message}</p>
      {e.details ? (
        <details>
          <summary>Details for support</summary>
          <p className="tsp-note">{e.details}</p>
        </details>
      ) : null}
    </Banner>
  );
}
