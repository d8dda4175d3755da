/** The panel resolver's functions, typed by the UI ↔ resolver contract (types only: no schema reaches the bundle). */
import type { PanelFilter, PanelTestsPage, PanelView } from '../../../src/resolvers/contract';
import { call } from '../../shared/bridge';

/** Rows asked for at a time: about a screenful (the resolver's PANEL_PAGE_SIZE). */
export const PAGE_SIZE = 20;
/** At most this many rows in one answer (the resolver's PANEL_MAX_ROWS). */
export const MAX_ROWS = 500;

export interface RowsRequest {
  /** Absent on opening: a story then opens in its fix version (when its tests ran there). */
  filter?: PanelFilter;
  limit: number;
}

export const panelApi = {
  getPanel: (rows: RowsRequest = { limit: PAGE_SIZE }) => call<PanelView>('getPanel', { ...rows }),
  getTests: (filter: PanelFilter, offset: number, limit = PAGE_SIZE) => call<PanelTestsPage>('getTests', { filter, offset, limit }),
  refresh: (rows: RowsRequest) => call<PanelView>('refresh', { ...rows }),
};
