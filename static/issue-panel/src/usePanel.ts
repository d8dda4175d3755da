/**
 * The panel's answer and its refresh. A failed refresh keeps what is shown and says why; a failed first load
 * shows the error with "Try again" only where retrying can help (see errors.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PanelView } from '../../../src/resolvers/contract';
import { panelApi, type RowsRequest } from './api';

export interface PanelState {
  view?: PanelView;
  /** The last load failed (the view, if any, is the one loaded before). */
  error?: unknown;
  loading: boolean;
}

export interface RefreshState {
  running: boolean;
  error?: unknown;
  /** When the last refresh succeeded. */
  doneAt?: number;
}

export function usePanel(first: Promise<PanelView>) {
  const [state, setState] = useState<PanelState>({ loading: true });
  const [refresh, setRefresh] = useState<RefreshState>({ running: false });
  const started = useRef(false);
  const ticket = useRef(0);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const mine = ++ticket.current;
    first.then(
      (view) => mine === ticket.current && setState({ view, loading: false }),
      (error) => mine === ticket.current && setState({ error, loading: false }),
    );
  }, [first]);

  const reload = useCallback(async () => {
    const mine = ++ticket.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const view = await panelApi.getPanel();
      if (mine === ticket.current) setState({ view, loading: false });
    } catch (error) {
      if (mine === ticket.current) setState((s) => ({ view: s.view, error, loading: false }));
    }
  }, []);

  const runRefresh = useCallback(async (rows: RowsRequest) => {
    const mine = ++ticket.current;
    setRefresh({ running: true });
    try {
      const view = await panelApi.refresh(rows);
      if (mine === ticket.current) setState({ view, loading: false });
      setRefresh({ running: false, doneAt: Date.now() });
    } catch (error) {
      setRefresh({ running: false, error });
    }
  }, []);

  return { ...state, refresh, reload, runRefresh, dismissRefreshError: () => setRefresh((r) => ({ ...r, error: undefined })) };
}
