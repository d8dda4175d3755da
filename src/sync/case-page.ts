/**
 * Syncs one page of test cases into Jira: one issue per case, created once and edited only on change,
 * with its remote link and its requirement links.
 */
import { sourceKeyOf, type TestCase } from '../domain/model';
import { fingerprint } from '../domain/fingerprint';
import { testCaseDescription } from '../jira/adf';
import { bulkCreate, editIssue, existingIssueKeys, findBySourceKeys, type IssueInput } from '../jira/issues';
import { linkTestToRequirement, upsertRemoteLink } from '../jira/links';
import { setIssueProperty, TEST_PROPERTY } from '../jira/properties';
import { TOOL_LABELS } from '../domain/model';
import { itemError, plan, touch, type SyncContext } from './context';
import { clearPending, loadItems, loadPending, markPending, saveItems, type ItemRecord } from './item-index';
import { buildTestProperty, TestProperty } from './test-property';

/** A pending create younger than this may not be searchable yet: wait rather than risk a duplicate. */
const PENDING_GRACE_MS = 5 * 60_000;

function jiraLabel(value: string): string {
  return value.trim().replace(/\s+/g, '-').slice(0, 255);
}

export function issueFields(ctx: SyncContext, tc: TestCase): Record<string, unknown> {
  const labels = new Set(['testsync', tc.tool, ...tc.labels.map(jiraLabel).filter(Boolean)]);
  const summary = `${tc.displayId}: ${tc.name}`.replace(/\s+/g, ' ').trim();
  return {
    summary: summary.length > 255 ? `${summary.slice(0, 254)}…` : summary,
    description: testCaseDescription(tc),
    labels: [...labels].sort(),
    project: { key: ctx.mapping.jiraProjectKey },
    issuetype: { name: ctx.mapping.issueType },
  };
}

/** Fields that can change after creation (project and issue type are fixed once created). */
function editableFields(fields: Record<string, unknown>): Record<string, unknown> {
  const { project: _p, issuetype: _t, ...rest } = fields;
  return rest;
}

interface Planned {
  tc: TestCase;
  sourceKey: string;
  fields: Record<string, unknown>;
  contentHash: string;
  /** The case already is an issue on this site (Xray): only its property is written, never its fields. */
  annotate: boolean;
  item?: ItemRecord;
}

/** Stands for "fields owned by the tool" in place of a content fingerprint. */
const TOOL_OWNED = 'tool-owned';

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
    remoteLinkUrl: p.tc.url,
    createdByRun: ctx.run.runId,
  };
}

export async function syncCasePage(ctx: SyncContext, cases: TestCase[]): Promise<void> {
  const connectionId = ctx.connection.id;
  const sameSite = ctx.connection.settings.sameSite !== false;
  const planned: Planned[] = cases.map((tc) => {
    const annotate = !!tc.jiraIssue && sameSite;
    const fields = issueFields(ctx, tc);
    return { tc, sourceKey: sourceKeyOf(tc, connectionId), fields, annotate, contentHash: annotate ? TOOL_OWNED : fingerprint(editableFields(fields)) };
  });
  const items = await loadItems(planned.map((p) => p.sourceKey));
  for (const p of planned) p.item = items.get(p.sourceKey) ?? (p.annotate ? annotatedItem(ctx, p) : undefined);

  // Cases the index does not know: the issue may still exist (lost index, crash after create) — ask Jira.
  const unknown = planned.filter((p) => !p.item);
  if (unknown.length > 0) {
    const found = await findBySourceKeys(unknown.map((p) => p.sourceKey));
    for (const p of unknown) {
      const issue = found.get(p.sourceKey);
      if (!issue) continue;
      const links = p.tc.requirementKeys.filter((k) => issue.linkedKeys.includes(k));
      p.item = {
        issueId: issue.id,
        issueKey: issue.key,
        contentHash: '',
        propertyHash: '',
        property: buildTestProperty(p.sourceKey, connectionId, p.tc, TestProperty.safeParse(issue.property).data?.history ?? [], links),
        links,
      };
      ctx.run.warnings.push(`Recovered ${issue.key} for ${p.tc.displayId} from Jira; the sync's own record of it was missing.`);
    }
  }

  const wantedLinks = new Set<string>();
  if (ctx.mapping.syncRequirementLinks) {
    for (const p of planned) if (!p.annotate) for (const k of p.tc.requirementKeys) if (!p.item?.links.includes(k)) wantedLinks.add(k);
  }
  const existingReqs = wantedLinks.size > 0 ? await existingIssueKeys([...wantedLinks]) : new Set<string>();
  const missingReqs = [...wantedLinks].filter((k) => !existingReqs.has(k));
  if (missingReqs.length > 0) {
    ctx.run.warnings.push(`Requirement keys not found in Jira (links skipped): ${missingReqs.slice(0, 20).join(', ')}${missingReqs.length > 20 ? ', …' : ''}`);
  }

  const toCreate = planned.filter((p) => !p.item);
  await createIssues(ctx, toCreate, existingReqs);
  const changed: { sourceKey: string; record: ItemRecord }[] = [];
  for (const p of planned.filter((x) => x.item && !toCreate.includes(x))) {
    try {
      const record = await updateIssue(ctx, p, existingReqs);
      if (record) changed.push({ sourceKey: p.sourceKey, record });
    } catch (e) {
      itemError(ctx, p.tc.displayId, e);
    }
  }
  if (!ctx.run.dryRun) await saveItems(changed);
}

async function createIssues(ctx: SyncContext, toCreate: Planned[], existingReqs: Set<string>): Promise<void> {
  if (toCreate.length === 0) return;
  if (ctx.run.dryRun) {
    for (const p of toCreate) {
      plan(ctx, 'create', `${p.tc.displayId}: ${p.tc.name}`);
      for (const k of p.tc.requirementKeys) if (existingReqs.has(k)) plan(ctx, 'link', `${p.tc.displayId} tests ${k}`);
    }
    return;
  }
  // A create still settling from an interrupted run may not be searchable yet: leave it for the next sync.
  const pending = await loadPending(toCreate.map((p) => p.sourceKey));
  const now = ctx.now().getTime();
  const ready = toCreate.filter((p) => {
    const mark = pending.get(p.sourceKey);
    if (mark && mark.runId !== ctx.run.runId && now - Date.parse(mark.at) < PENDING_GRACE_MS) {
      ctx.run.warnings.push(`Creation of ${p.tc.displayId} by an interrupted sync is being confirmed; it is retried by the next sync.`);
      return false;
    }
    return true;
  });
  for (let i = 0; i < ready.length; i += 50) {
    const chunk = ready.slice(i, i + 50);
    await markPending(chunk.map((p) => p.sourceKey), ctx.run.runId, ctx.now().toISOString());
    const inputs: IssueInput[] = chunk.map((p) => {
      const covers = ctx.mapping.syncRequirementLinks ? p.tc.requirementKeys.filter((k) => existingReqs.has(k)) : [];
      const property = buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, [], covers);
      return { fields: p.fields, properties: [{ key: TEST_PROPERTY, value: property }] };
    });
    const result = await bulkCreate(inputs);
    const saved: { sourceKey: string; record: ItemRecord }[] = [];
    for (const [idx, reason] of result.failed) itemError(ctx, chunk[idx].tc.displayId, new Error(`Jira refused to create the issue: ${reason}`));
    for (const [idx, issue] of result.created) {
      const p = chunk[idx];
      const property = inputs[idx].properties![0].value as ItemRecord['property'];
      const record: ItemRecord = {
        issueId: issue.id,
        issueKey: issue.key,
        contentHash: p.contentHash,
        propertyHash: fingerprint(property),
        property,
        links: [],
        createdByRun: ctx.run.runId,
      };
      ctx.run.counts.created++;
      try {
        await upsertRemoteLink(issue.id, `testsync:${p.sourceKey}`, p.tc.url, `${p.tc.displayId} in ${TOOL_LABELS[p.tc.tool]}`);
        record.remoteLinkUrl = p.tc.url;
        await addLinks(ctx, record, property.covers);
      } catch (e) {
        itemError(ctx, p.tc.displayId, e);
      }
      touch(ctx, property.covers);
      saved.push({ sourceKey: p.sourceKey, record });
    }
    await saveItems(saved);
    await clearPending(chunk.map((p) => p.sourceKey));
  }
}

async function addLinks(ctx: SyncContext, record: ItemRecord, keys: string[]): Promise<void> {
  for (const key of keys) {
    if (record.links.includes(key)) continue;
    await linkTestToRequirement(await ctx.linkType(), record.issueKey, key);
    record.links.push(key);
    ctx.run.counts.linked++;
  }
}

/** Brings an existing issue up to date; answers the new index record, or null when nothing changed. */
async function updateIssue(ctx: SyncContext, p: Planned, existingReqs: Set<string>): Promise<ItemRecord | null> {
  const item = p.item!;
  const newLinks = ctx.mapping.syncRequirementLinks && !p.annotate ? p.tc.requirementKeys.filter((k) => existingReqs.has(k) && !item.links.includes(k)) : [];
  // A tool that keeps its tests as Jira issues links them itself: what it reports is what they cover.
  const covers = p.annotate ? [...p.tc.requirementKeys] : [...new Set([...item.links, ...newLinks])];
  const property = buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, item.property.history, covers);
  const propertyHash = fingerprint(property);
  const contentChanged = item.contentHash !== p.contentHash;
  const propertyChanged = item.propertyHash !== propertyHash;
  const remoteChanged = !p.annotate && item.remoteLinkUrl !== p.tc.url;
  if (!contentChanged && !propertyChanged && !remoteChanged && newLinks.length === 0) {
    ctx.run.counts.unchanged++;
    return null;
  }
  if (ctx.run.dryRun) {
    if (contentChanged || propertyChanged) plan(ctx, 'update', `${item.issueKey} (${p.tc.displayId})`);
    for (const k of newLinks) plan(ctx, 'link', `${item.issueKey} tests ${k}`);
    return null;
  }
  const record: ItemRecord = { ...item, links: p.annotate ? covers : [...item.links] };
  if (contentChanged) {
    await editIssue(item.issueId, editableFields(p.fields));
    record.contentHash = p.contentHash;
  }
  if (propertyChanged) {
    await setIssueProperty(item.issueId, TEST_PROPERTY, property);
    record.property = property;
    record.propertyHash = propertyHash;
  }
  if (remoteChanged) {
    await upsertRemoteLink(item.issueId, `testsync:${p.sourceKey}`, p.tc.url, `${p.tc.displayId} in ${TOOL_LABELS[p.tc.tool]}`);
    record.remoteLinkUrl = p.tc.url;
  }
  await addLinks(ctx, record, newLinks);
  if (contentChanged || propertyChanged) ctx.run.counts.updated++;
  touch(ctx, covers);
  return record;
}
