/**
 * Issue links between a synced test and the requirements it covers. The app removes only links it created.
 */
import type { SyncContext } from './context';
import type { ItemRecord } from './item-index';

/** Links the test to each requirement not linked yet, recording each link as it is made. */
export async function addLinks(ctx: SyncContext, record: ItemRecord, keys: string[]): Promise<void> {
  for (const key of keys) {
    if (record.links.includes(key)) continue;
    await ctx.jira.linkTestToRequirement(await ctx.linkType(), record.issueKey, key);
    record.links.push(key);
    record.createdLinks = [...(record.createdLinks ?? []), key];
    ctx.run.counts.linked++;
  }
}

/** Removes the links the app created to requirements the tool no longer names. */
export async function removeLinks(ctx: SyncContext, record: ItemRecord, keys: string[]): Promise<void> {
  for (const key of keys) {
    if (!(record.createdLinks ?? []).includes(key)) continue;
    await ctx.jira.unlinkTestFromRequirement(await ctx.linkType(), record.issueKey, key);
    record.links = record.links.filter((k) => k !== key);
    record.createdLinks = (record.createdLinks ?? []).filter((k) => k !== key);
  }
}
