/**
 * What a bug from a failed test needs of Jira, all asked as the viewing user so Jira's own permissions decide:
 * their project permissions, the project's Bug issue type from its create meta, the bugs as they are now, and the
 * links between a bug and the issues it concerns.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from './client';

const MyPermissions = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

export interface BugRights {
  createIssues: boolean;
  linkIssues: boolean;
}

/** The user's Create Issues and Link Issues permissions in a project (one request). */
export async function bugRightsIn(projectKey: string): Promise<BugRights> {
  const answer = MyPermissions.parse(
    await jira(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=CREATE_ISSUES,LINK_ISSUES`, { as: 'user' }),
  );
  return {
    createIssues: answer.permissions.CREATE_ISSUES?.havePermission === true,
    linkIssues: answer.permissions.LINK_ISSUES?.havePermission === true,
  };
}

const CreateMetaTypes = z.object({
  issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().optional() })).default([]),
  total: z.number().optional(),
});

/** The issue type names Jira's own templates give a bug, in the order tried. */
const BUG_TYPE_NAMES = ['bug', 'defect'];

/**
 * The project's issue type for bugs, from the create meta the user gets (only types they may create): "Bug" (or
 * "Defect"), never a subtask type. Undefined when the project has none.
 */
export async function bugIssueTypeOf(projectIdOrKey: string): Promise<{ id: string; name: string } | undefined> {
  const types: { id: string; name: string; subtask?: boolean }[] = [];
  for (let startAt = 0; ; ) {
    const page = CreateMetaTypes.parse(
      await jira(route`/rest/api/3/issue/createmeta/${projectIdOrKey}/issuetypes?startAt=${startAt}&maxResults=200`, { as: 'user' }),
    );
    types.push(...page.issueTypes);
    startAt += page.issueTypes.length;
    if (page.issueTypes.length === 0 || page.total === undefined || startAt >= page.total) break;
  }
  for (const name of BUG_TYPE_NAMES) {
    const found = types.find((t) => !t.subtask && t.name.trim().toLowerCase() === name);
    if (found) return { id: found.id, name: found.name };
  }
  return undefined;
}

const IssueAnswer = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().optional(),
      status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).partial().optional() }).optional(),
      project: z.object({ id: z.string(), key: z.string() }).optional(),
      issuelinks: z
        .array(
          z.object({
            type: z.object({ name: z.string() }),
            inwardIssue: z.object({ key: z.string() }).optional(),
            outwardIssue: z.object({ key: z.string() }).optional(),
          }),
        )
        .optional(),
    })
    .default({}),
});
export type BugIssue = z.infer<typeof IssueAnswer>;

/** One issue with its summary, status, project and links, as the user sees it (Jira answers 404 when they may not). */
export async function readIssueAsUser(issueIdOrKey: string): Promise<BugIssue> {
  return IssueAnswer.parse(await jira(route`/rest/api/3/issue/${issueIdOrKey}?fields=summary,status,project,issuelinks`, { as: 'user' }));
}

const BulkAnswer = z.object({ issues: z.array(IssueAnswer).default([]) });

/** Issues by id with their summary and status, as the user sees them: those they may not browse are left out (100 a request). */
export async function issuesAsUser(issueIds: string[]): Promise<Map<string, BugIssue>> {
  const out = new Map<string, BugIssue>();
  const ids = [...new Set(issueIds)].filter((id) => /^\d+$/.test(id));
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const answer = BulkAnswer.parse(
      await jira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST', as: 'user', body: { issueIdsOrKeys: chunk, fields: ['summary', 'status'] } }),
    );
    for (const issue of answer.issues) out.set(issue.id, issue);
  }
  return out;
}

/** A link type and the description the bug takes in it: with `bugIsOutward`, "<bug> <outward> <issue>" (e.g. "blocks"). */
export interface BugLinkType {
  name: string;
  bugIsOutward: boolean;
}

/** Whether the bug already has a link of this type, on its side, to the issue. */
export function hasBugLink(bug: BugIssue, type: BugLinkType, issueKey: string): boolean {
  // Seen from the bug, a link it reads with the outward description shows the other issue as `outwardIssue`.
  return (bug.fields.issuelinks ?? []).some(
    (l) => l.type.name.toLowerCase() === type.name.toLowerCase() && (type.bugIsOutward ? l.outwardIssue?.key : l.inwardIssue?.key) === issueKey,
  );
}

/** Links the bug to an issue as the user (Jira checks their Link Issues permission). */
export async function linkBug(type: BugLinkType, bugKey: string, issueKey: string): Promise<void> {
  // Jira reads a link as "<inwardIssue> <outward description> <outwardIssue>" (see linkTestToRequirement).
  const [inward, outward] = type.bugIsOutward ? [bugKey, issueKey] : [issueKey, bugKey];
  await jira(route`/rest/api/3/issueLink`, {
    method: 'POST',
    as: 'user',
    body: { type: { name: type.name }, inwardIssue: { key: inward }, outwardIssue: { key: outward } },
  });
}

const LinkTypes = z.object({
  issueLinkTypes: z.array(z.object({ id: z.string(), name: z.string(), inward: z.string(), outward: z.string() })),
});
export type SiteLinkType = z.infer<typeof LinkTypes>['issueLinkTypes'][number];

/** The site's issue link types. */
export async function siteLinkTypes(): Promise<SiteLinkType[]> {
  return LinkTypes.parse(await jira(route`/rest/api/3/issueLinkType`)).issueLinkTypes;
}
