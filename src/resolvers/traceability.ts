/**
 * The traceability page's backend (`jira:projectPage`): a project's version as the viewing user may see it, a page of
 * rows at a time with totals over all of them, and the CSV of every row the filters show. The project comes from the
 * module's context, which Forge fills in; everything is read as the user or from the app's own index (no tool call).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { csvFileName, traceabilityCsv } from '../traceability/csv';
import { rowsWith } from '../traceability/report';
import { traceabilityReport, type TraceabilityQuery } from '../traceability/service';
import { ApiFailure, handled } from './guard';
import {
  TraceabilityExportInput,
  TraceabilityPageInput,
  type TraceabilityExport,
  type TraceabilityFilter,
  type TraceabilityView,
} from './traceability-contract';

const ProjectContext = z.object({ extension: z.object({ project: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*$/) }) }) });

function projectKeyOf(context: unknown): string {
  const parsed = ProjectContext.safeParse(context);
  if (!parsed.success) throw new ApiFailure('INVALID_INPUT', 'The traceability page was opened without a project.');
  return parsed.data.extension.project.key;
}

const queryOf = (f: TraceabilityFilter): TraceabilityQuery => ({
  ...(f.version !== undefined ? { version: f.version } : {}),
  ...(f.environment !== undefined ? { environment: f.environment } : {}),
  ...(f.epic !== undefined ? { epic: f.epic } : {}),
  ...(f.component !== undefined ? { component: f.component } : {}),
});

export async function traceabilityPage(projectKey: string, payload: unknown): Promise<TraceabilityView> {
  const input = TraceabilityPageInput.parse(payload ?? {});
  const { rows, ...report } = await traceabilityReport(projectKey, queryOf(input));
  const shown = rowsWith(rows, input.readiness);
  const page = shown.slice(input.offset, input.offset + input.limit);
  const next = input.offset + page.length;
  return {
    ...report,
    ...(input.readiness ? { readiness: input.readiness } : {}),
    rows: page,
    page: { offset: input.offset, limit: input.limit, total: shown.length, ...(next < shown.length ? { nextOffset: next } : {}) },
  };
}

export async function traceabilityExport(projectKey: string, payload: unknown): Promise<TraceabilityExport> {
  const input = TraceabilityExportInput.parse(payload ?? {});
  const report = await traceabilityReport(projectKey, queryOf(input));
  const rows = rowsWith(report.rows, input.readiness);
  return {
    fileName: csvFileName(projectKey, report.version ?? 'no-version', input.environment),
    csv: traceabilityCsv(rows),
    rows: rows.length,
  };
}

const resolver = new Resolver();
resolver.define('getTraceability', handled((payload, _accountId, context) => traceabilityPage(projectKeyOf(context), payload)));
resolver.define('exportTraceability', handled((payload, _accountId, context) => traceabilityExport(projectKeyOf(context), payload)));

export const traceabilityHandler = resolver.getDefinitions();
