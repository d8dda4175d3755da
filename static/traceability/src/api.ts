/** The traceability page's calls to its resolver. */
import type { TraceabilityExport, TraceabilityFilter, TraceabilityView } from '../../../src/resolvers/traceability-contract';
import { call } from '../../shared/bridge';

export const traceabilityApi = {
  getPage: (filter: TraceabilityFilter, offset: number, limit: number) => call<TraceabilityView>('getTraceability', { ...filter, offset, limit }),
  exportCsv: (filter: TraceabilityFilter) => call<TraceabilityExport>('exportTraceability', { ...filter }),
};
