/**
 * Creating the Jira issues of new test cases, at most once each. Before a chunk is sent, a pending marker is
 * stored per case; a marker left by a create whose outcome is unknown (a crash, a 5xx, a timeout) is
 * confirmed by a search once the grace has passed, and only then is the case created (or its issue adopted).
 * A chunk Jira refuses as a whole is split until the one bad case is alone; no case fails its neighbours.
 */
import { fingerprint } from '../domain/fingerprint';
import { TOOL_LABELS } from '../domain/model';
import { safeUrl } from '../domain/limits';
import { JiraError } from '../jira/client';
import type { IssueInput } from '../jira/issues';
import { TEST_PROPERTY } from '../jira/properties';
import type { Planned } from './case-plan';
import { itemFailed, plan, type SyncContext } from './context';
import { SyncItemError } from './failure-causes';
import { saveItems, type ItemRecord } from './item-index';
import { clearPending, loadPending, markPending } from './pending';
import { addLinks } from './case-links';
import { buildTestProperty } from './test-property';
import { mapLimit } from './concurrency';

/** Seconds an unconfirmed create waits before it is searched for and, if absent, made again. */
export function createGraceMs(): number {
  const raw = Number(process.env.TESTSYNC_CREATE_GRACE_SECONDS);
  return (Number.isFinite(raw) && raw >= 0 ? raw : 300) * 1000;
}

const BULK_MAX = 50;

const failedItem = (p: Planned) => ({ sourceKey: p.sourceKey, projectId: p.tc.projectId, externalId: p.tc.externalId, displayId: p.tc.displayId, name: p.tc.name });

/** Creates the issues of cases the app has no issue for. Answers the source keys that reached Jira. */
export async function createIssues(ctx: SyncContext, toCreate: Planned[], existingReqs: Set<string>): Promise<string[]> {
  if (toCreate.length === 0) return [];
  if (ctx.run.dryRun) {
    for (const p of toCreate) {
      plan(ctx, 'create', `${p.tc.displayId}: ${p.tc.name}`);
      if (ctx.mapping.syncRequirementLinks) for (const k of p.tc.requirementKeys) if (existingReqs.has(k)) plan(ctx, 'link', `${p.tc.displayId} tests ${k}`);
    }
    return [];
  }
  // A marker means an earlier create of the case may have reached Jira without being recorded. The search
  // before this found no issue; within the grace the search may simply lag, so wait.
  const pending = await loadPending(toCreate.map((p) => p.sourceKey));
  const now = ctx.now().getTime();
  const ready: Planned[] = [];
  for (const p of toCreate) {
    const mark = pending.get(p.sourceKey);
    const settles = mark ? Date.parse(mark.at) + createGraceMs() : 0;
    if (mark && settles > now) {
      const error = new SyncItemError(
        `The creation of ${p.tc.displayId} by an interrupted sync is not confirmed yet; it is checked again after ${new Date(settles).toISOString()}.`,
        'Nothing to do: the next sync after that time finds the issue or creates it.',
      );
      await itemFailed(ctx, failedItem(p), error, { notBefore: new Date(settles), noAttempt: true });
      continue;
    }
    ready.push(p);
  }
  const created: string[] = [];
  for (let i = 0; i < ready.length; i += BULK_MAX) created.push(...(await createChunk(ctx, ready.slice(i, i + BULK_MAX), existingReqs)));
  return created;
}

function inputOf(ctx: SyncContext, p: Planned, existingReqs: Set<string>): IssueInput {
  const covers = ctx.mapping.syncRequirementLinks ? p.tc.requirementKeys.filter((k) => existingReqs.has(k)) : [];
  return { fields: p.fields, properties: [{ key: TEST_PROPERTY, value: buildTestProperty(p.sourceKey, ctx.connection.id, p.tc, p.history ?? [], covers) }] };
}

/** Jira refused the request itself (not one element): nothing of it was created. */
const refusedWhole = (e: unknown) => e instanceof JiraError && e.status >= 400 && e.status < 500 && e.status !== 429;

async function createChunk(ctx: SyncContext, chunk: Planned[], existingReqs: Set<string>): Promise<string[]> {
  const keys = chunk.map((p) => p.sourceKey);
  await markPending(keys, ctx.run.runId, ctx.now().toISOString());
  const inputs = chunk.map((p) => inputOf(ctx, p, existingReqs));
  let result;
  try {
    result = await ctx.jira.bulkCreate(inputs);
  } catch (e) {
    if (refusedWhole(e)) {
      await clearPending(keys);
      if (chunk.length === 1) {
        await itemFailed(ctx, failedItem(chunk[0]), e);
        return [];
      }
      const half = Math.ceil(chunk.length / 2);
      return [...(await createChunk(ctx, chunk.slice(0, half), existingReqs)), ...(await createChunk(ctx, chunk.slice(half), existingReqs))];
    }
    if (e instanceof JiraError && e.status === 429) {
      // Not processed: nothing to confirm. The run resumes after Jira's wait.
      await clearPending(keys);
      throw e;
    }
    // A server error or a lost answer: Jira may have created some of them. Their markers stay; each is
    // confirmed by a search (or created) once the grace has passed.
    const settles = new Date(ctx.now().getTime() + createGraceMs());
    for (const p of chunk) await itemFailed(ctx, failedItem(p), e, { notBefore: settles });
    return [];
  }
  const refused: string[] = [];
  for (const [idx, reason] of result.failed) {
    refused.push(chunk[idx].sourceKey);
    await itemFailed(ctx, failedItem(chunk[idx]), new JiraError(400, `Jira refused to create the issue: ${reason}`, undefined));
  }
  const records: { p: Planned; record: ItemRecord }[] = [];
  for (const [idx, issue] of result.created) {
    const p = chunk[idx];
    const property = inputs[idx].properties![0].value as ItemRecord['property'];
    records.push({
      p,
      record: { issueId: issue.id, issueKey: issue.key, contentHash: p.contentHash, propertyHash: fingerprint(property), property, links: [], createdLinks: [], createdByRun: ctx.run.runId },
    });
    ctx.run.counts.created++;
  }
  // Recorded before anything else is written to them: from here on a crash cannot lead to a second create, even
  // where the search that confirms unrecorded creates cannot see the app's property (its index lags or is absent).
  await saveItems(records.map((r) => ({ sourceKey: r.p.sourceKey, record: r.record })));
  await clearPending([...records.map((r) => r.p.sourceKey), ...refused]);
  const linked = await mapLimit(records, async ({ p, record }) => {
    const before = { ...record, links: [...record.links], createdLinks: [...(record.createdLinks ?? [])] };
    try {
      const url = safeUrl(p.tc.url);
      if (url) {
        await ctx.jira.upsertRemoteLink(record.issueId, `testsync:${p.sourceKey}`, url, `${p.tc.displayId} in ${TOOL_LABELS[p.tc.tool]}`);
        record.remoteLinkUrl = url;
      }
      await addLinks(ctx, record, record.property.covers);
    } catch (e) {
      await itemFailed(ctx, { ...failedItem(p), issueKey: record.issueKey }, e);
    }
    return { sourceKey: p.sourceKey, record, before };
  });
  await saveItems(linked);
  return records.map((r) => r.p.sourceKey);
}
