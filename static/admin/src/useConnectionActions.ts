/**
 * What a connection row's menu does: test the connection, start a sync or a dry run (followed until it ends),
 * cancel it, disconnect or delete the connection; each outcome is said with a flag.
 */
import { useState } from 'react';
import type { ConnectionView, RunSummary } from '../../../src/resolvers/contract';
import { plural } from '../../shared/format';
import { adminApi } from './api';
import type { RowAction } from './ConnectionRowMenu';
import { checkTitle } from './ConnectionTestMessage';
import type { Notify } from './flags';
import type { Removal } from './RemoveConnectionModals';
import { cancelOutcome } from './useCancelRun';

interface Deps {
  notify: Notify;
  watch: (run: RunSummary) => void;
  /** The overview changed: read it again (and the history). */
  reload: () => Promise<void>;
  openRun: (runId: string) => void;
  /** Moves focus to a connection's row, or to the connections heading when it is gone. */
  focusRow: (connectionId?: string) => void;
}

export function useConnectionActions({ notify, watch, reload, openRun, focusRow }: Deps) {
  const [busy, setBusy] = useState<Map<string, RowAction>>(new Map());
  const [removal, setRemoval] = useState<Removal>();
  const [removing, setRemoving] = useState(false);
  const [removalError, setRemovalError] = useState<unknown>();

  const mark = (id: string, action?: RowAction) =>
    setBusy((prev) => {
      const next = new Map(prev);
      if (action) next.set(id, action);
      else next.delete(id);
      return next;
    });

  async function test(c: ConnectionView) {
    mark(c.id, 'test');
    try {
      const result = await adminApi.testConnection(c.id);
      if (result.ok) notify.success(`${c.name}: connection works`, result.message);
      // The row's health shows the fix next to the cause.
      else notify.error(`${c.name}: ${checkTitle(result)}`, `${result.message} The fix is on its row.`, undefined, true);
      await reload();
    } catch (e) {
      notify.error(`${c.name} could not be tested`, e);
    } finally {
      mark(c.id);
    }
  }

  async function sync(c: ConnectionView, dryRun: boolean) {
    const what = dryRun ? 'Dry run' : 'Sync';
    mark(c.id, dryRun ? 'dry' : 'sync');
    try {
      const run = await adminApi.syncNow(c.id, dryRun);
      watch(run);
      notify.info(`${what} of ${c.name} started`, 'Its progress shows in the Last sync column.', [{ content: 'View progress', onClick: () => openRun(run.runId) }]);
      await reload();
    } catch (e) {
      notify.error(`${what} of ${c.name} did not start`, e);
    } finally {
      mark(c.id);
    }
  }

  async function cancel(c: ConnectionView, run: RunSummary | undefined) {
    if (!run) return;
    mark(c.id, 'cancel');
    try {
      const answer = await adminApi.cancelRun(run.runId);
      watch(answer);
      notify.success(cancelOutcome(answer, c.name));
      await reload();
    } catch (e) {
      notify.error('The sync was not cancelled', e);
    } finally {
      mark(c.id);
    }
  }

  async function confirmRemoval(r: Removal) {
    const c = r.connection;
    setRemoving(true);
    setRemovalError(undefined);
    try {
      if (r.kind === 'delete') {
        const answer = await adminApi.deleteConnection(c.id);
        const { mappings, failedItems, runs } = answer.removed;
        notify.success(`${c.name} is deleted`, `Removed ${plural(mappings, 'project mapping')}, ${plural(failedItems, 'failed item')} and ${plural(runs, 'run')} of history; its Jira issues stay.`);
      } else {
        await adminApi.disconnect(c.id);
        notify.success(`${c.name} is disconnected`, 'Its settings and secret are removed; mappings and Jira issues are kept.');
      }
      setRemoval(undefined);
      await reload();
      focusRow(r.kind === 'delete' ? undefined : c.id);
    } catch (e) {
      setRemovalError(e);
    } finally {
      setRemoving(false);
    }
  }

  function run(c: ConnectionView, action: RowAction, latestRun: RunSummary | undefined) {
    if (action === 'test') void test(c);
    if (action === 'sync' || action === 'dry') void sync(c, action === 'dry');
    if (action === 'cancel') void cancel(c, latestRun);
    if (action === 'delete' || action === 'disconnect') {
      setRemovalError(undefined);
      setRemoval({ kind: action, connection: c });
    }
  }

  return {
    busy,
    run,
    removal,
    removing,
    removalError,
    confirmRemoval: (r: Removal) => void confirmRemoval(r),
    closeRemoval: () => {
      const c = removal?.connection;
      setRemoval(undefined);
      if (c) focusRow(c.id);
    },
  };
}
