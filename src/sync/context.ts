/**
 * What a page processor works with: the run being recorded, the mapping it syncs, and the tool connector.
 */
import type { ConnectionRecord } from '../config/connections';
import type { MappingRecord } from '../config/mappings';
import type { Connector } from '../connectors/types';
import type { StatusMapping } from '../domain/status';
import type { LinkType } from '../jira/links';
import type { RunRecord } from './run-store';

export interface SyncContext {
  run: RunRecord;
  connection: ConnectionRecord;
  mapping: MappingRecord;
  connector: Connector;
  statusMapping: StatusMapping;
  /** Resolved once per invocation, on first use. */
  linkType: () => Promise<LinkType>;
  now: () => Date;
}

/** How many planned items of each kind a dry run lists; its counts hold the totals. */
export const PLANNED_MAX = 100;
const PLANNED_COUNT = { create: 'created', update: 'updated', link: 'linked' } as const;

/** Records what a dry run would do: counted in full, listed up to PLANNED_MAX so the record stays small. */
export function plan(ctx: SyncContext, kind: 'create' | 'update' | 'link', what: string): void {
  const planned = (ctx.run.planned ??= { create: [], update: [], link: [] });
  ctx.run.counts[PLANNED_COUNT[kind]]++;
  if (planned[kind].length < PLANNED_MAX) planned[kind].push(what);
}

export function itemError(ctx: SyncContext, item: string, e: unknown): void {
  ctx.run.counts.failed++;
  ctx.run.errors.push({ item, message: e instanceof Error ? e.message : String(e) });
}

export function touch(ctx: SyncContext, keys: Iterable<string>): void {
  const set = new Set(ctx.run.cursor.touched);
  for (const k of keys) set.add(k);
  ctx.run.cursor.touched = [...set];
}
