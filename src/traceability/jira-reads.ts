/**
 * What the traceability page reads of Jira, all as the viewing user: the project's versions, the issues of a version
 * with the fields the report shows, and which test projects and defects the user may browse. Jira's own permissions
 * decide what the user sees: a requirement the user may not browse is not in their search.
 */
import { route } from '@forge/api';
import pLimit from 'p-limit';
import { z } from 'zod';
import { jira, JiraError, type Principal } from '../jira/client';
import { searchAll } from '../jira/issues';
import { browsableIssueIds } from '../jira/permissions';
import { ApiFailure } from '../resolvers/guard';
import { isDefectType, isOpenStatus } from '../jira/defects';
import { log } from '../platform/log';

const Version = z.object({
  id: z.string(),
  name: z.string(),
  released: z.boolean().optional(),
  archived: z.boolean().optional(),
  releaseDate: z.string().optional(),
});
export type ProjectVersion = z.infer<typeof Version>;

/**
 * The project's versions in its own order, as the user (or the app) may see them; NOT_FOUND when they may not browse
 * the project.
 */
export async function projectVersions(projectKey: string, as: Principal = 'user'): Promise<ProjectVersion[]> {
  try {
    return z.array(Version).parse(await jira(route`/rest/api/3/project/${projectKey}/versions`, { as }));
  } catch (e) {
    if (e instanceof JiraError && (e.status === 404 || e.status === 403)) {
      throw new ApiFailure('NOT_FOUND', `Project ${projectKey} does not exist or you do not have permission to see it.`);
    }
    throw e;
  }
}

/**
 * The version a page opens on: the nearest unreleased one (earliest release date; without dates, the first in the
 * project's order), else the latest released one (latest release date, else the last in order). Archived versions
 * are never the default.
 */
export function defaultVersion(versions: ProjectVersion[]): ProjectVersion | undefined {
  const live = versions.filter((v) => !v.archived);
  const byDate = (a: ProjectVersion, b: ProjectVersion) => (a.releaseDate ?? '\uffff').localeCompare(b.releaseDate ?? '\uffff');
  const unreleased = live.filter((v) => !v.released);
  if (unreleased.length > 0) return [...unreleased].sort(byDate)[0];
  const released = live.filter((v) => v.released);
  if (released.length === 0) return undefined;
  const dated = released.filter((v) => v.releaseDate);
  return dated.length > 0 ? [...dated].sort(byDate)[dated.length - 1] : released[released.length - 1];
}

const Named = z.object({ name: z.string() });
const LinkedIssue = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().nullish(),
      status: Named.extend({ statusCategory: z.object({ key: z.string() }).nullish() }).nullish(),
      issuetype: Named.nullish(),
    })
    .nullish(),
});
/** Each field read on its own: one Jira answers in a shape the page cannot read is shown empty, never loses the issue. */
const IssueFields = z.object({
  summary: z.string().nullish().catch(undefined),
  status: Named.nullish().catch(undefined),
  issuetype: Named.nullish().catch(undefined),
  parent: LinkedIssue.nullish().catch(undefined),
  components: z.array(Named).nullish().catch(undefined),
  issuelinks: z.array(z.object({ inwardIssue: LinkedIssue.optional(), outwardIssue: LinkedIssue.optional() })).nullish().catch(undefined),
});
const BulkFetched = z.object({ issues: z.array(z.object({ id: z.string(), key: z.string(), fields: z.unknown() })).default([]) });

export interface LinkedIssueFacts {
  id: string;
  key: string;
  summary: string;
  status: string;
  /** Not in Jira's done status category: an open defect blocks the requirement's readiness. */
  open: boolean;
}

export interface VersionIssue {
  id: string;
  key: string;
  summary: string;
  status: string;
  type: string;
  parent?: { key: string; summary: string };
  components: string[];
  /** Linked issues of type Bug (before the viewer's permission on them is checked). */
  defects: LinkedIssueFacts[];
}

const FIELDS = ['summary', 'status', 'issuetype', 'parent', 'components', 'issuelinks'];
/** Issues Jira answers per bulk fetch, and fetches at once. */
const FETCH_BATCH = 100;
const FETCH_CONCURRENCY = 4;

function facts(issue: z.infer<typeof LinkedIssue>): LinkedIssueFacts {
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.fields?.summary ?? '',
    status: issue.fields?.status?.name ?? '',
    open: isOpenStatus(issue.fields?.status?.statusCategory?.key),
  };
}

/**
 * Every issue of the project with the version as a fix version that the user (or the app) may browse: one search for
 * their ids (5,000 a page), then their fields a hundred at a time, four requests at once (pages of a search only come
 * one after the other).
 */
export async function versionIssues(projectKey: string, versionId: string, as: Principal = 'user'): Promise<VersionIssue[]> {
  if (!/^\d+$/.test(versionId)) throw new ApiFailure('INVALID_INPUT', 'The version is not a Jira version id.');
  const found = await searchAll(`project = "${projectKey}" AND fixVersion = ${versionId} ORDER BY key ASC`, { fields: ['key'], maxResults: 5000, as });
  const batches: string[][] = [];
  for (let i = 0; i < found.length; i += FETCH_BATCH) batches.push(found.slice(i, i + FETCH_BATCH).map((issue) => issue.id));
  const limit = pLimit(FETCH_CONCURRENCY);
  const answers = await Promise.all(
    batches.map((ids) => limit(async () => BulkFetched.parse(await jira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST', as, body: { issueIdsOrKeys: ids, fields: FIELDS } })))),
  );
  const out: VersionIssue[] = [];
  for (const issue of answers.flatMap((a) => a.issues)) {
    const parsed = IssueFields.safeParse(issue.fields ?? {});
    if (!parsed.success) {
      // Only `fields` that is not an object gets here (each field read is lenient): the issue cannot be told a requirement.
      log.warn('traceability-issue-unreadable', { phase: 'traceability', endpoint: 'POST /rest/api/3/issue/bulkfetch', issue: issue.key, field: 'fields', problem: parsed.error.issues[0]?.message });
      continue;
    }
    const f = parsed.data;
    const defects = new Map<string, LinkedIssueFacts>();
    for (const link of f.issuelinks ?? []) {
      for (const other of [link.inwardIssue, link.outwardIssue]) {
        if (other && isDefectType(other.fields?.issuetype?.name)) defects.set(other.key, facts(other));
      }
    }
    out.push({
      id: issue.id,
      key: issue.key,
      summary: f.summary ?? '',
      status: f.status?.name ?? '',
      type: f.issuetype?.name ?? '',
      ...(f.parent ? { parent: { key: f.parent.key, summary: f.parent.fields?.summary ?? '' } } : {}),
      components: (f.components ?? []).map((c) => c.name),
      defects: [...defects.values()].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })),
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

const MyPermissions = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });

/** Which of these projects the user may browse (one check each, at once; a project Jira does not show them is not). */
export async function browsableProjects(projectKeys: string[]): Promise<Set<string>> {
  const keys = [...new Set(projectKeys)].filter((k) => /^[A-Z][A-Z0-9_]*$/.test(k));
  const limit = pLimit(FETCH_CONCURRENCY);
  const answers = await Promise.all(
    keys.map((key) =>
      limit(async () => {
        try {
          const answer = MyPermissions.parse(await jira(route`/rest/api/3/mypermissions?projectKey=${key}&permissions=BROWSE_PROJECTS`, { as: 'user' }));
          return answer.permissions.BROWSE_PROJECTS?.havePermission === true;
        } catch (e) {
          if (e instanceof JiraError && (e.status === 404 || e.status === 403)) return false;
          throw e;
        }
      }),
    ),
  );
  return new Set(keys.filter((_, i) => answers[i]));
}

/** The ids among these issues the user may browse. */
export const browsableIssues = (issueIds: string[]): Promise<Set<string>> => (issueIds.length > 0 ? browsableIssueIds(issueIds) : Promise.resolve(new Set<string>()));
