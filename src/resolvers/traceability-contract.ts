/**
 * What the traceability page sends and gets back: its functions' payloads (checked with zod, unknown fields
 * refused) and answers.
 */
import { z } from 'zod';
import { READINESS, type Readiness } from '../domain/readiness';
import type { TraceabilityReport } from '../traceability/service';

export const TRACE_PAGE_DEFAULT = 25;
export const TRACE_PAGE_MAX = 100;

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;

/** The report's filters, as the page's pickers set them. */
export const TraceabilityFilterInput = z
  .object({
    version: z.string().trim().min(1).max(255).optional(),
    environment: z.string().trim().min(1).max(255).optional(),
    epic: z.string().regex(ISSUE_KEY, 'must be an issue key such as SHOP-12').optional(),
    component: z.string().trim().min(1).max(255).optional(),
    readiness: z.enum(READINESS).optional(),
  })
  .strict();
export type TraceabilityFilter = z.infer<typeof TraceabilityFilterInput>;

/** `getTraceability`: the filters and which page of rows. */
export const TraceabilityPageInput = TraceabilityFilterInput.extend({
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(TRACE_PAGE_MAX).default(TRACE_PAGE_DEFAULT),
}).strict();

/** `exportTraceability`: the filters; every row they show. */
export const TraceabilityExportInput = TraceabilityFilterInput;

/** A page of the report: totals over every requirement the filters (but readiness) show, and a page of its rows. */
export interface TraceabilityView extends Omit<TraceabilityReport, 'rows'> {
  readiness?: Readiness;
  rows: TraceabilityReport['rows'];
  page: {
    offset: number;
    limit: number;
    /** Rows the readiness filter shows, over every page. */
    total: number;
    nextOffset?: number;
  };
}

export interface TraceabilityExport {
  fileName: string;
  csv: string;
  /** Requirements in the file. */
  rows: number;
}
