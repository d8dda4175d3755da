/**
 * Syncs one page of test cases into Jira: one issue per case, created once and edited only on change, with
 * its remote link and its requirement links. Every case of the page either reaches Jira or is queued as a
 * failed item with its cause, so the checkpoint can move on without losing anything.
 */
import type { TestCase } from '../domain/model';
import { TOOL_LABELS } from '../domain/model';
import { safeUrl } from '../domain/limits';
import { JiraError } from '../jira/client';
import { fingerprint } from '../domain/fingerprint';
import { createIssues } from './case-create';
import { markDirty } from './dirty';
import { heldBack } from './failures';
import { addLinks, removeLinks } from './case-links';
import { adoptable, verifyXrayIssues } from './case-ownership';
import { editableFields, planCase, TOOL_OWNED, type Planned } from './case-plan';
import { itemFailed, itemsSucceeded, plan, type SyncContext } from './context';
import { mapLimit } from './concurrency';
import { heldByNewerRelease } from '../config/store';
import { forgetItems, itemKey, loadItems, saveItems, type ItemChange, type ItemRecord } from './item-index';
import { buildTestProperty, TestProperty } from './test-property';

export { issueFields } from './case-plan';

const failedItem = (p: Planned) => ({
  sourceKey: p.sourceKey,
  projectId: p.tc.projectId,
  externalId: p.tc.externalId,
  displayId: p.tc.displayId,
  name: p.tc.name,
  ...(p.item ? { issueKey: p.item.issueKey } : {}),
});

/** The index record of a test the tool keeps as a Jira issue on this site; the tool maintains its links. */
function annotatedItem(ctx: SyncContext, p: Planned): ItemRecord {
  const issue = p.tc.jiraIssue!;
  return {
    issueId: issue.id,
    issueKey: issue.key,
    contentHash: TOOL_OWNED,
    propertyHash: '',
    property: buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, [], p.tc.requirementKeys),
    links: [...p.tc.requirementKeys],
    createdByRun: ctx.run.runId,
  };
}

export async function syncCasePage(ctx: SyncContext, cases: TestCase[]): Promise<void> {
  // Items parked after their attempts, or skipped by an admin, wait until they change in the tool.
  const candidates = cases.map((tc) => planCase(ctx, tc));
  const inQueue = ctx.knownFailures ? candidates.filter((p) => ctx.knownFailures!.has(p.sourceKey)) : candidates;
  const held = inQueue.length > 0 ? await heldBack(ctx.connection.id, inQueue.map((p) => ({ sourceKey: p.sourceKey, updatedAt: p.tc.updatedAt }))) : new Set<string>();
  const unheld = candidates.filter((p) => !held.has(p.sourceKey));
  const items = await loadItems(unheld.map((p) => p.sourceKey));
  // A case whose record a newer release of the app wrote is left to that release: neither synced nor created again.
  const planned = unheld.filter((p) => items.has(p.sourceKey) || !heldByNewerRelease(itemKey(p.sourceKey)));
  const recreate: Planned[] = [];
  for (const p of planned) {
    p.item = items.get(p.sourceKey);
    p.stored = p.item;
  }
  const done: string[] = [];
  const skip = new Set<Planned>();

  // Deleted in the tool earlier and back now (restored there): live again, its issue rewritten.
  for (const p of planned) {
    if (p.item?.tombstone?.reason === 'deleted-in-source') {
      const { tombstone: _t, ...rest } = p.item;
      p.item = { ...rest, contentHash: '', propertyHash: '' };
    }
  }
  // Deleted in Jira earlier: left deleted, or created again when the mapping says so.
  const gone = planned.filter((p) => p.item?.tombstone?.reason === 'deleted-in-jira');
  for (const p of gone) {
    if (ctx.mapping.onDeletedInJira === 'recreate' && !p.annotate) recreate.push(p);
    else {
      ctx.run.counts.unchanged++;
      done.push(p.sourceKey);
      skip.add(p);
    }
  }
  if (recreate.length > 0 && !ctx.run.dryRun) await forgetItems(recreate.map((p) => ({ sourceKey: p.sourceKey, record: p.item! })));
  for (const p of recreate) {
    p.history = p.item!.property.history;
    delete p.item;
  }

  // Xray tests on this site are annotated only once they are checked to be what Xray says they are.
  const newXray = planned.filter((p) => p.annotate && !p.item);
  if (newXray.length > 0) {
    const { ok, refused } = await verifyXrayIssues(ctx, newXray.map((p) => p.tc));
    for (const p of newXray) {
      if (ok.has(p.tc.externalId)) p.item = annotatedItem(ctx, p);
      else {
        await itemFailed(ctx, failedItem(p), refused.get(p.tc.externalId));
        skip.add(p);
      }
    }
  }

  // Cases the index does not know: their issue may exist (a lost index, a crash after create) — ask Jira,
  // and adopt only an issue the app itself created for that case.
  const unknown = planned.filter((p) => !p.item && !skip.has(p));
  if (unknown.length > 0) {
    const found = await ctx.jira.findBySourceKeys(unknown.map((p) => p.sourceKey));
    for (const p of unknown) {
      const issue = await adoptable(ctx, p.sourceKey, p.tc, found.get(p.sourceKey) ?? []);
      if (!issue) continue;
      const links = p.tc.requirementKeys.filter((k) => issue.linkedKeys.includes(k));
      const earlier = TestProperty.safeParse(issue.property).data;
      p.item = {
        issueId: issue.id,
        issueKey: issue.key,
        contentHash: '',
        propertyHash: '',
        property: buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, earlier?.history ?? [], links, earlier?.contexts),
        links,
        createdLinks: links,
      };
      ctx.run.warnings.push(`Recovered ${issue.key} for ${p.tc.displayId} from Jira; the sync's own record of it was missing.`);
    }
  }

  const live = planned.filter((p) => !skip.has(p));
  const existingReqs = await requirementsToLink(ctx, live);
  const changes: ItemChange[] = [];
  const propertyChanges: (ItemChange & { counted: boolean })[] = [];
  await mapLimit(
    live.filter((p) => p.item),
    async (p) => {
      try {
        const change = await updateIssue(ctx, p, existingReqs);
        if (change === 'deleted') {
          if (ctx.mapping.onDeletedInJira === 'recreate' && !p.annotate) recreate.push(p);
          return;
        }
        if (change) (change.propertyDeferred ? propertyChanges : changes).push(change);
        done.push(p.sourceKey);
      } catch (e) {
        await itemFailed(ctx, failedItem(p), e);
      }
    },
  );
  if (!ctx.run.dryRun) {
    await saveItems(changes);
    await markDirty(ctx.connection.id, propertyChanges.filter((c) => c.counted), { counted: true });
    await markDirty(ctx.connection.id, propertyChanges.filter((c) => !c.counted));
  }

  const newOnes = live.filter((p) => !p.item);
  for (const p of recreate) if (!newOnes.includes(p)) newOnes.push(p);
  if (recreate.length > 0 && !ctx.run.dryRun) {
    const known = recreate.filter((p) => p.item);
    await forgetItems(known.map((p) => ({ sourceKey: p.sourceKey, record: p.item! })));
    for (const p of known) {
      p.history = p.item!.property.history;
      delete p.item;
    }
  }
  done.push(...(await createIssues(ctx, newOnes, existingReqs)));
  await itemsSucceeded(ctx, done);
}

/** Requirement keys the page wants to link that exist in Jira; missing ones are reported. */
async function requirementsToLink(ctx: SyncContext, planned: Planned[]): Promise<Set<string>> {
  const wanted = new Set<string>();
  if (ctx.mapping.syncRequirementLinks) {
    for (const p of planned) if (!p.annotate) for (const k of p.tc.requirementKeys) if (!p.item?.links.includes(k)) wanted.add(k);
  }
  const existing = wanted.size > 0 ? await ctx.jira.existingIssueKeys([...wanted]) : new Set<string>();
  const missing = [...wanted].filter((k) => !existing.has(k));
  if (missing.length > 0) {
    ctx.run.warnings.push(`Requirement keys not found in Jira (links skipped): ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`);
  }
  return existing;
}

/**
 * Brings an existing issue up to date. Answers the index change, null when nothing changed, or 'deleted'
 * when the issue is gone from Jira (then recorded as such). A changed property is not written here: it is
 * stored and marked dirty (`propertyDeferred`), and the flush phase writes it in bulk, once, with whatever
 * this run's results add to it.
 */
async function updateIssue(ctx: SyncContext, p: Planned, existingReqs: Set<string>): Promise<(ItemChange & { propertyDeferred: boolean; counted: boolean }) | null | 'deleted'> {
  const item = p.item!;
  const syncLinks = ctx.mapping.syncRequirementLinks && !p.annotate;
  const newLinks = syncLinks ? p.tc.requirementKeys.filter((k) => existingReqs.has(k) && !item.links.includes(k)) : [];
  const dropped = syncLinks ? (item.createdLinks ?? []).filter((k) => !p.tc.requirementKeys.includes(k)) : [];
  // A tool that keeps its tests as Jira issues links them itself: what it reports is what they cover.
  const linked = [...new Set([...item.links.filter((k) => !dropped.includes(k)), ...newLinks])];
  const covers = p.annotate ? [...p.tc.requirementKeys] : syncLinks ? linked.filter((k) => p.tc.requirementKeys.includes(k)) : linked;
  const property = buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, item.property.history, covers, item.property.contexts);
  const propertyHash = fingerprint(property);
  const url = p.annotate ? undefined : safeUrl(p.tc.url);
  const contentChanged = item.contentHash !== p.contentHash;
  const propertyChanged = item.propertyHash !== propertyHash;
  // Stored already and waiting for the flush (a run that ended before it): written, not counted again.
  const propertyNew = propertyChanged && (item.propertyHash === '' || fingerprint(item.property) !== propertyHash);
  const remoteChanged = !!url && item.remoteLinkUrl !== url;
  if (!contentChanged && !propertyChanged && !remoteChanged && newLinks.length === 0 && dropped.length === 0) {
    ctx.run.counts.unchanged++;
    return null;
  }
  if (ctx.run.dryRun) {
    if (contentChanged || propertyChanged) plan(ctx, 'update', `${item.issueKey} (${p.tc.displayId})`);
    for (const k of newLinks) plan(ctx, 'link', `${item.issueKey} tests ${k}`);
    return null;
  }
  const record: ItemRecord = { ...item, links: [...item.links], createdLinks: [...(item.createdLinks ?? [])] };
  const counted = contentChanged || propertyNew;
  const change = { sourceKey: p.sourceKey, record, ...(p.stored ? { before: p.stored } : {}), propertyDeferred: propertyChanged, counted };
  if (propertyChanged) record.property = property;
  try {
    if (contentChanged) {
      await ctx.jira.editIssue(item.issueId, editableFields(p.fields));
      record.contentHash = p.contentHash;
    }
    if (remoteChanged) {
      await ctx.jira.upsertRemoteLink(item.issueId, `testsync:${p.sourceKey}`, url, `${p.tc.displayId} in ${TOOL_LABELS[p.tc.tool]}`);
      record.remoteLinkUrl = url;
    }
    await addLinks(ctx, record, newLinks);
    await removeLinks(ctx, record, dropped);
  } catch (e) {
    if (e instanceof JiraError && e.status === 404) {
      await markDeletedInJira(ctx, p, item);
      return 'deleted';
    }
    // Keep what was written; the failure queue brings the item back for the rest.
    if (!ctx.run.dryRun) await saveItems([change]);
    throw e;
  }
  // An issue this run created (met again in a unit done again) was counted as created, not updated. (An issue it
  // annotated is counted as updated, once: the run's counts were restored with the unit.)
  if (counted && (p.annotate || item.createdByRun !== ctx.run.runId)) ctx.run.counts.updated++;
  return change;
}

/** The issue was deleted in Jira: remembered, so it is neither written to nor counted in coverage. */
async function markDeletedInJira(ctx: SyncContext, p: Planned, item: ItemRecord): Promise<void> {
  const record: ItemRecord = { ...item, tombstone: { reason: 'deleted-in-jira', at: ctx.now().toISOString() } };
  await saveItems([{ sourceKey: p.sourceKey, record, ...(p.stored ? { before: p.stored } : {}) }]);
  p.item = record;
  p.stored = record;
  const what = ctx.mapping.onDeletedInJira === 'recreate' ? 'it is created again' : 'it is left deleted (the mapping can say to create it again)';
  ctx.run.warnings.push(`${item.issueKey} (${p.tc.displayId}) was deleted in Jira; ${what}.`);
}
