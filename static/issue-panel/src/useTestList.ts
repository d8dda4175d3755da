/**
 * The rows of a story's list the viewer has loaded: the first page comes with the panel's answer; "Show more"
 * appends the next page, "Show all" the rest; a new filter starts again from its first page. Totals always come
 * from the resolver, so they are true however many rows are loaded.
 */
import { useCallback, useRef, useState } from 'react';
import type { PanelFilter, PanelTest, PanelTestsPage, PanelView } from '../../../src/resolvers/contract';
import { MAX_ROWS, PAGE_SIZE, panelApi } from './api';

type RequirementPanel = Extract<PanelView, { kind: 'requirement' }>;
export type PageInfo = Omit<PanelTestsPage, 'tests'>;

export interface ListState {
  source: RequirementPanel;
  rows: PanelTest[];
  page: PageInfo;
  filter: PanelFilter;
  loading?: 'more' | 'all' | 'filter';
  error?: unknown;
  /** Index of the first row of the last page appended (focus moves there). */
  appendedAt?: number;
}

const fromView = (view: RequirementPanel): ListState => ({ source: view, rows: view.tests, page: view.page, filter: view.filter });
const rowKey = (t: PanelTest) => `${t.tool}:${t.issueKey ?? t.displayId}`;

export function useTestList(view: RequirementPanel) {
  const [state, setState] = useState<ListState>(() => fromView(view));
  const ticket = useRef(0);
  // A new answer (a refresh) replaces the list, keeping its filter and length (the resolver answered them).
  const current = state.source === view ? state : fromView(view);
  if (current !== state) setState(current);

  const load = useCallback(
    async (kind: 'more' | 'all' | 'filter', filter: PanelFilter, from: ListState) => {
      const mine = ++ticket.current;
      setState({ ...from, loading: kind, error: undefined });
      try {
        let rows = kind === 'filter' ? [] : from.rows;
        let page: PanelTestsPage;
        do {
          page = await panelApi.getTests(filter, rows.length, kind === 'all' ? MAX_ROWS : PAGE_SIZE);
          const seen = new Set(rows.map(rowKey));
          rows = [...rows, ...page.tests.filter((t) => !seen.has(rowKey(t)))];
        } while (kind === 'all' && page.nextOffset !== undefined && mine === ticket.current);
        if (mine !== ticket.current) return;
        const { tests: _t, ...info } = page;
        setState({ source: from.source, rows, page: { ...info, offset: 0 }, filter, appendedAt: kind === 'filter' ? undefined : from.rows.length });
      } catch (error) {
        if (mine === ticket.current) setState({ ...from, error });
      }
    },
    [],
  );

  return {
    ...current,
    setFilter: (filter: PanelFilter) => void load('filter', filter, current),
    showMore: () => void load('more', current.filter, current),
    showAll: () => void load('all', current.filter, current),
  };
}
