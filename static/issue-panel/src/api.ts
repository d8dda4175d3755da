/** The panel resolver's functions, typed by the UI ↔ resolver contract. */
import type { PanelView } from '../../../src/resolvers/contract';
import { call } from '../../shared/bridge';

export const panelApi = {
  getPanel: () => call<PanelView>('getPanel', {}),
  refresh: () => call<PanelView>('refresh', {}),
};
