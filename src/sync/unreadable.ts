/**
 * What the sync does with answers it cannot read. A record the connector could not read goes to Failed items
 * with the tool, endpoint and field named, and the rest of its page is synced. A page it could not read at all
 * is set aside for this run: its phase's checkpoint stays where it was, the run says why, and the rest of the
 * sync goes on; the next sync reads it again.
 */
import { ConnectorError } from '../connectors/types';
import { sourceKeyOf, TOOL_LABELS, type UnreadableRecord } from '../domain/model';
import { itemFailed, itemsSucceeded, type SyncContext } from './context';
import { SyncItemError } from './failure-causes';

const FIX = 'The tool answered in a shape TestSync does not know. Check the item in the tool; if it looks right there, send this message to support. The item is read again when it changes or when you retry it.';

/** Failure-queue key of a record that has no item identity of its own. */
export const isUnidentified = (sourceKey: string) => sourceKey.startsWith('unreadable:');
/** Failure-queue key of a page set aside. */
export const isPageAside = (sourceKey: string) => sourceKey.startsWith('page:');

const pageKey = (ctx: SyncContext, phase: string) => `page:${ctx.connection.tool}:${ctx.connection.id}:${ctx.mapping.externalProjectId}:${phase}`;

/** Records each unreadable record of a page. */
export async function reportUnreadable(ctx: SyncContext, phase: 'cases' | 'runs', records: UnreadableRecord[]): Promise<void> {
  const tool = TOOL_LABELS[ctx.connection.tool];
  const projectId = ctx.mapping.externalProjectId;
  for (const u of records) {
    // A run belongs to a case whose id may be unknown: it is filed under the record itself.
    const own = phase === 'cases' && u.externalId;
    const sourceKey = own
      ? sourceKeyOf({ tool: ctx.connection.tool, projectId, externalId: u.externalId! }, ctx.connection.id)
      : `unreadable:${ctx.connection.tool}:${ctx.connection.id}:${projectId}:${u.endpoint}:${u.field}`;
    const what = u.displayId ?? u.externalId ?? `the record at ${u.field}`;
    const error = new SyncItemError(`${tool} answered ${u.endpoint} with ${what} in a shape TestSync cannot read: ${u.field} ${u.message}`, FIX);
    await itemFailed(ctx, { sourceKey, projectId, externalId: own ? u.externalId! : '', displayId: what }, error);
  }
}

/** A read of a whole page failed on its shape: recorded, and the phase set aside for this run. */
export async function setPageAside(ctx: SyncContext, phase: 'cases' | 'runs', e: ConnectorError): Promise<void> {
  const tool = TOOL_LABELS[ctx.connection.tool];
  const where = [e.details.endpoint, e.details.field ? `field ${e.details.field}` : ''].filter(Boolean).join(', ');
  const cause = `${tool} answered a page of ${phase === 'cases' ? 'test cases' : 'test runs'} of project ${ctx.mapping.externalProjectName || ctx.mapping.externalProjectId} in a shape TestSync cannot read${where ? ` (${where})` : ''}: ${e.message}. The rest of the sync went on; this page is read again by the next sync.`;
  await itemFailed(
    ctx,
    { sourceKey: pageKey(ctx, phase), projectId: ctx.mapping.externalProjectId, externalId: '', displayId: `${phase === 'cases' ? 'Test cases' : 'Test runs'} of ${ctx.mapping.externalProjectName || ctx.mapping.externalProjectId}` },
    new SyncItemError(cause, FIX, { cause: e }),
  );
}

/** The phase read to its end: a page set aside earlier is no longer a failure. */
export async function pageReadAgain(ctx: SyncContext, phase: 'cases' | 'runs'): Promise<void> {
  await itemsSucceeded(ctx, [pageKey(ctx, phase)]);
}
