/**
 * Follows runs that are queued or running: polls them (one call for all) until each ends, so the page shows
 * their phase and counts as they go, and says what each came to once it ended.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../src/resolvers/contract';
import { adminApi } from './api';
import { isActive } from './runs';

export const POLL_MS = 1500;

export interface RunWatch {
  /** The latest state of every run watched (active or just ended). */
  runs: Map<string, RunSummary>;
  /** Starts following a run (e.g. the one "Sync now" answered). */
  watch: (run: RunSummary) => void;
  /** The freshest state known of a run. */
  latest: (run: RunSummary) => RunSummary;
}

export function useRunWatch(seen: RunSummary[], onEnded: (run: RunSummary) => void): RunWatch {
  const [runs, setRuns] = useState<Map<string, RunSummary>>(new Map());
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;

  const watch = useCallback((run: RunSummary) => {
    setRuns((prev) => {
      const known = prev.get(run.runId);
      if (known && !isActive(known)) return prev;
      return new Map(prev).set(run.runId, run);
    });
  }, []);

  // Active runs the overview shows are followed too.
  const activeSeen = seen.filter(isActive).map((r) => r.runId).join(',');
  useEffect(() => {
    for (const r of seen) if (isActive(r)) watch(r);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeSeen, watch]);

  const current = useRef(runs);
  current.current = runs;
  const active = [...runs.values()].filter(isActive).map((r) => r.runId);
  const activeKey = active.join(',');
  useEffect(() => {
    if (active.length === 0) return undefined;
    let live = true;
    const timer = setTimeout(async () => {
      let fresh: RunSummary[];
      try {
        fresh = (await adminApi.getRuns(active.slice(0, 50))).runs;
      } catch {
        // A failed poll is tried again at the next tick.
        if (live) setRuns(new Map(current.current));
        return;
      }
      if (!live) return;
      const before = current.current;
      const next = new Map(before);
      const ended: RunSummary[] = [];
      for (const r of fresh) {
        const was = before.get(r.runId);
        if (was && isActive(was) && !isActive(r)) ended.push(r);
        next.set(r.runId, r);
      }
      // A run no longer stored (its connection was deleted) is not followed any more.
      for (const id of active) if (!fresh.some((r) => r.runId === id)) next.delete(id);
      current.current = next;
      setRuns(next);
      for (const r of ended) onEndedRef.current(r);
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeKey, runs]);

  const latest = useCallback((run: RunSummary) => {
    const known = runs.get(run.runId);
    if (!known) return run;
    // The newer of the two: an ended run beats an active one.
    return !isActive(run) && isActive(known) ? run : known;
  }, [runs]);

  return { runs, watch, latest };
}
