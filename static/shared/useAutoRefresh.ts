/**
 * Asks again every few minutes while the page is visible, and at once when it becomes visible after longer than
 * that away: never while a request is still out (a slow answer is not joined by another), and never in a hidden
 * tab. A gadget also refreshes when Jira's dashboard asks it to (`JIRA_DASHBOARD_GADGET_REFRESH`, sent to gadgets
 * that do their own refreshing).
 */
import { events } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';

export const JIRA_GADGET_REFRESH_EVENT = 'JIRA_DASHBOARD_GADGET_REFRESH';

export interface AutoRefresh {
  /** Asks now, unless a request is out. */
  refresh: () => void;
  /** A request is out. */
  busy: boolean;
}

/** `load(quiet)`: the first call (quiet false) shows loading; the later ones keep what is shown while they ask. */
export function useAutoRefresh(load: (quiet: boolean) => Promise<void>, everyMs: number, options: { gadgetEvents?: boolean } = {}): AutoRefresh {
  const inFlight = useRef(0);
  const lastAsked = useRef(0);
  const [busy, setBusy] = useState(false);

  const ask = useCallback(
    // `first`: the first ask for this `load` (what is asked changed), which an older request out does not hold back.
    async (quiet: boolean, first = false) => {
      if (inFlight.current > 0 && !first) return;
      inFlight.current++;
      lastAsked.current = Date.now();
      setBusy(true);
      try {
        await load(quiet);
      } finally {
        inFlight.current--;
        setBusy(inFlight.current > 0);
      }
    },
    [load],
  );

  useEffect(() => {
    void ask(false, true);
    const visible = () => document.visibilityState === 'visible';
    const timer = window.setInterval(() => {
      if (visible()) void ask(true);
    }, everyMs);
    const onVisibility = () => {
      if (visible() && Date.now() - lastAsked.current >= everyMs) void ask(true);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ask, everyMs]);

  useEffect(() => {
    if (!options.gadgetEvents) return;
    let live = true;
    let unsubscribe: (() => void) | undefined;
    events
      .on(JIRA_GADGET_REFRESH_EVENT, () => void ask(true))
      .then((subscription) => {
        if (live) unsubscribe = () => subscription.unsubscribe();
        else subscription.unsubscribe();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [ask, options.gadgetEvents]);

  return { refresh: () => void ask(true), busy };
}
