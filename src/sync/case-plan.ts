/**
 * What the sync means to write for a test case: its issue fields (within Jira's limits) and their fingerprint.
 */
import { fingerprint } from '../domain/fingerprint';
import { clip, SUMMARY_MAX } from '../domain/limits';
import { sourceKeyOf, type TestCase } from '../domain/model';
import { testCaseDescription } from '../jira/adf';
import type { SyncContext } from './context';
import type { ItemRecord } from './item-index';

function jiraLabel(value: string): string {
  return value.trim().replace(/\s+/g, '-').slice(0, 255);
}

export function issueFields(ctx: SyncContext, tc: TestCase): Record<string, unknown> {
  const labels = new Set(['testsync', tc.tool, ...tc.labels.map(jiraLabel).filter(Boolean)]);
  return {
    summary: clip(`${tc.displayId}: ${tc.name}`.replace(/\s+/g, ' ').trim(), SUMMARY_MAX),
    description: testCaseDescription(tc),
    labels: [...labels].sort(),
    project: { key: ctx.mapping.jiraProjectKey },
    issuetype: { name: ctx.mapping.issueType },
  };
}

/** Fields that can change after creation (project and issue type are fixed once created). */
export function editableFields(fields: Record<string, unknown>): Record<string, unknown> {
  const { project: _p, issuetype: _t, ...rest } = fields;
  return rest;
}

export interface Planned {
  tc: TestCase;
  sourceKey: string;
  fields: Record<string, unknown>;
  contentHash: string;
  /** The case already is an issue on this site (Xray): only its property is written, never its fields. */
  annotate: boolean;
  item?: ItemRecord;
  /** Results kept from an earlier issue of the case (one deleted in Jira and now created again). */
  history?: ItemRecord['property']['history'];
  /** The record as stored, when there is one (`item` may be made up: an annotated, recovered or restored issue). */
  stored?: ItemRecord;
}

/** Stands for "fields owned by the tool" in place of a content fingerprint. */
export const TOOL_OWNED = 'tool-owned';

export function planCase(ctx: SyncContext, tc: TestCase): Planned {
  const annotate = !!tc.jiraIssue && ctx.connection.settings.sameSite !== false;
  const fields = issueFields(ctx, tc);
  return { tc, sourceKey: sourceKeyOf(tc, ctx.connection.id), fields, annotate, contentHash: annotate ? TOOL_OWNED : fingerprint(editableFields(fields)) };
}
