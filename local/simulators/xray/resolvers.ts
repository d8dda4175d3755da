/**
 * Resolvers of the Query fields the simulator serves, over one tenant's data. Objects are plain views whose
 * argument-taking fields are functions (graphql-js's default resolver calls them with the field's arguments).
 * Other Query fields answer an error naming them.
 */
import { stepOutcomes, stepStatusView } from './step-results';
import type { SimExecution, SimPrecondition, SimRun, SimTest, SimTestPlan, TenantData } from './types';

type Args = Record<string, unknown>;
const KIND: Record<SimTest['kind'], string> = { Manual: 'Steps', Cucumber: 'Gherkin', Generic: 'Unstructured' };
const TYPE_ID: Record<SimTest['kind'], string> = { Manual: '1', Cucumber: '2', Generic: '3' };

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
/** Jira's date-time format: `2026-11-10T09:00:00.000+0000`. */
const jiraDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

function page<T>(items: T[], args: Args) {
  const limit = Number(args.limit);
  const start = Number(args.start ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new Error('limit must be between 1 and 100');
  if (!Number.isInteger(start) || start < 0) throw new Error('start must not be negative');
  return { total: items.length, start, limit, results: items.slice(start, start + limit) };
}

function parseSince(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) throw new Error(`modifiedSince is not a valid date: ${String(value)}`);
  return t;
}

/** The subset of JQL the simulator understands: `project = X`, `key = X`, `key in (A, B)`, `issuetype = Test`, joined by AND. */
function jqlFilter(tenant: TenantData, jql: string): (t: SimTest) => boolean {
  const clauses = jql.split(/\s+and\s+/i).map((c) => c.trim()).filter(Boolean);
  const preds = clauses.map((c): ((t: SimTest) => boolean) => {
    const m = /^(project|key|issuekey|issuetype)\s*(=|in)\s*(.+)$/i.exec(c);
    if (!m) throw new Error(`Error in the JQL Query: unsupported clause "${c}"`);
    const values = m[3].replace(/^\(|\)$/g, '').split(',').map((v) => v.trim().replace(/^["']|["']$/g, '').toUpperCase());
    const field = m[1].toLowerCase();
    if (field === 'issuetype') return () => values.includes('TEST');
    if (field === 'project') {
      const ids = tenant.projects.filter((p) => values.includes(p.key.toUpperCase()) || values.includes(p.id)).map((p) => p.id);
      if (ids.length === 0) throw new Error(`Error in the JQL Query: The value '${values[0]}' does not exist for the field 'project'.`);
      return (t) => ids.includes(t.projectId);
    }
    return (t) => values.includes(t.key.toUpperCase()) || values.includes(t.issueId);
  });
  return (t) => preds.every((p) => p(t));
}

export function createRootResolvers(tenant: TenantData) {
  const visible = (projectId: string) => !tenant.projects.find((p) => p.id === projectId)?.archived;
  const project = (idOrKey: string) => tenant.projects.find((p) => p.id === idOrKey || p.key.toUpperCase() === idOrKey.toUpperCase());
  const byId = <T extends { issueId: string }>(items: T[]) => new Map(items.map((i) => [i.issueId, i]));
  const tests = byId(tenant.tests);
  const execs = byId(tenant.executions);
  const preconds = byId(tenant.preconditions);

  const jira = (issue: { key: string; projectId: string; summary: string }, extra: Record<string, unknown>) => (args: Args) => {
    const p = tenant.projects.find((x) => x.id === issue.projectId);
    const all: Record<string, unknown> = {
      key: issue.key,
      summary: issue.summary,
      project: p ? { id: p.id, key: p.key, name: p.name, projectTypeKey: 'software' } : null,
      issuetype: { name: 'Test' },
      ...extra,
    };
    const fields = Array.isArray(args.fields) ? (args.fields as string[]) : Object.keys(all);
    return Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
  };

  const preconditionView = (p: SimPrecondition) => ({
    issueId: p.issueId,
    projectId: p.projectId,
    definition: p.definition,
    lastModified: iso(p.lastModified),
    preconditionType: { id: '1', name: 'Manual', kind: 'Steps' },
    jira: jira(p, { issuetype: { name: 'Precondition' } }),
  });

  const plans = tenant.testPlans ?? [];

  /** `fixVersions` as Jira answers it: the project's Version objects of those names (id, name, archived, released, releaseDate). */
  const fixVersions = (projectId: string, names: string[] | undefined) => {
    const versions = tenant.projects.find((p) => p.id === projectId)?.versions ?? [];
    return (names ?? []).map((name) => {
      const v = versions.find((x) => x.name === name);
      if (!v) return { name };
      return {
        id: v.id,
        name: v.name,
        archived: v.archived,
        released: v.released,
        ...(v.releaseDate ? { releaseDate: v.releaseDate } : {}),
      };
    });
  };

  const planView = (p: SimTestPlan) => ({
    issueId: p.issueId,
    projectId: p.projectId,
    lastModified: iso(p.lastModified),
    jira: jira(p, { issuetype: { name: 'Test Plan' }, fixVersions: fixVersions(p.projectId, p.fixVersions) }),
    testExecutions: (args: Args) => page(p.executionIds.map((id) => execs.get(id)).filter((e) => e !== undefined).map(execView), args),
    tests: (args: Args) =>
      page(
        [...new Set(tenant.runs.filter((r) => r.execIssueId !== null && p.executionIds.includes(r.execIssueId)).map((r) => r.testIssueId))].map((id) => testView(tests.get(id)!)),
        args,
      ),
  });

  function execView(e: SimExecution) {
    return {
      issueId: e.issueId,
      projectId: e.projectId,
      lastModified: iso(e.lastModified),
      testEnvironments: e.environments,
      jira: jira(e, { issuetype: { name: 'Test Execution' }, fixVersions: fixVersions(e.projectId, e.fixVersions) }),
      testPlans: (args: Args) => page(plans.filter((p) => p.executionIds.includes(e.issueId)).map(planView), args),
      testRuns: (args: Args) => page(tenant.runs.filter((r) => r.execIssueId === e.issueId).map(runView), args),
      tests: (args: Args) =>
        page([...new Set(tenant.runs.filter((r) => r.execIssueId === e.issueId).map((r) => r.testIssueId))].map((id) => testView(tests.get(id)!)), args),
    };
  }

  const statusView = (name: string) => {
    const s = tenant.statuses.find((x) => x.name === name);
    return s ? { ...s } : { name, description: '', final: false, color: '#777777', coverageStatus: 'NOTRUN' };
  };

  /** TestRun.steps: a Manual Test's steps with the run's result of each (step-results.ts). */
  function runSteps(r: SimRun) {
    const t = tests.get(r.testIssueId);
    if (!t || t.kind !== 'Manual') return [];
    const outcomes = stepOutcomes(r, t.steps);
    return t.steps.map((s, i) => ({
      id: s.id,
      action: s.action,
      data: s.data,
      result: s.result,
      status: stepStatusView(outcomes[i].status),
      actualResult: outcomes[i].actualResult ?? null,
      comment: null,
      defects: [],
      evidence: [],
      attachments: [],
      customFields: [],
    }));
  }

  function runView(r: SimRun) {
    const exec = r.execIssueId ? execs.get(r.execIssueId) : undefined;
    return {
      id: r.id,
      status: statusView(r.status),
      startedOn: iso(r.startedOn),
      finishedOn: iso(r.finishedOn),
      lastModified: iso(r.lastModified),
      executedById: r.executedById ?? null,
      assigneeId: r.executedById ?? null,
      defects: [...(r.defects ?? [])],
      steps: runSteps(r),
      test: testView(tests.get(r.testIssueId)!),
      testExecution: exec ? execView(exec) : null,
    };
  }

  function testView(t: SimTest) {
    return {
      issueId: t.issueId,
      projectId: t.projectId,
      lastModified: iso(t.lastModified),
      testType: { id: TYPE_ID[t.kind], name: t.kind, kind: KIND[t.kind] },
      steps: t.kind === 'Manual' ? t.steps.map((s) => ({ ...s, attachments: [], customFields: [] })) : [],
      gherkin: t.kind === 'Cucumber' ? t.gherkin : null,
      scenarioType: t.kind === 'Cucumber' ? 'scenario' : null,
      unstructured: t.kind === 'Generic' ? t.unstructured : null,
      folder: { name: t.folder.split('/').pop() ?? '', path: t.folder },
      jira: jira(t, {
        description: t.description,
        labels: t.labels,
        priority: { name: t.priority },
        updated: jiraDate(t.jiraUpdated),
        status: { name: 'To Do' },
      }),
      preconditions: (args: Args) => page(t.preconditionIds.map((id) => preconds.get(id)).filter((p) => p !== undefined).map(preconditionView), args),
      coverableIssues: (args: Args) =>
        page(t.covers.map((c) => ({ issueId: c.issueId, jira: (a: Args) => pick({ key: c.key }, a) })), args),
      testRuns: (args: Args) => page(tenant.runs.filter((r) => r.testIssueId === t.issueId).map(runView), args),
      testExecutions: (args: Args) =>
        page([...new Set(tenant.runs.filter((r) => r.testIssueId === t.issueId && r.execIssueId).map((r) => r.execIssueId!))].map((id) => execView(execs.get(id)!)), args),
    };
  }

  const pick = (all: Record<string, unknown>, args: Args) => {
    const fields = Array.isArray(args.fields) ? (args.fields as string[]) : Object.keys(all);
    return Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
  };

  const sortById = <T extends { issueId: string }>(a: T, b: T) => Number(a.issueId) - Number(b.issueId);

  return {
    getTests(args: Args) {
      let list = tenant.tests.filter((t) => visible(t.projectId));
      if (args.projectId != null) {
        const p = project(String(args.projectId));
        if (!p || p.archived) throw new Error(`Project with id ${String(args.projectId)} was not found.`);
        list = list.filter((t) => t.projectId === p.id);
      }
      if (args.jql != null) {
        list = list.filter(jqlFilter(tenant, String(args.jql)));
        if (list.length > 100) throw new Error('The JQL returned more than 100 issues. Please refine your JQL search.');
      }
      if (Array.isArray(args.issueIds)) list = list.filter((t) => (args.issueIds as string[]).includes(t.issueId));
      const since = parseSince(args.modifiedSince);
      if (since !== undefined) list = list.filter((t) => t.lastModified >= since);
      return page([...list].sort(sortById).map(testView), args);
    },
    getTest(args: Args) {
      const t = args.issueId == null ? tenant.tests[0] : tests.get(String(args.issueId));
      return t && visible(t.projectId) ? testView(t) : null;
    },
    getTestRuns(args: Args) {
      const testIds = Array.isArray(args.testIssueIds) ? (args.testIssueIds as string[]) : undefined;
      const execIds = Array.isArray(args.testExecIssueIds) ? (args.testExecIssueIds as string[]) : undefined;
      if (!testIds && !execIds) throw new Error('testIssueIds or testExecIssueIds must be provided.');
      const since = parseSince(args.modifiedSince);
      const list = tenant.runs.filter(
        (r) =>
          (!testIds || testIds.includes(r.testIssueId)) &&
          (!execIds || (r.execIssueId !== null && execIds.includes(r.execIssueId))) &&
          (since === undefined || r.lastModified >= since),
      );
      return page([...list].sort((a, b) => a.id.localeCompare(b.id)).map(runView), args);
    },
    getTestRunById(args: Args) {
      const r = tenant.runs.find((x) => x.id === args.id);
      return r ? runView(r) : null;
    },
    getTestExecutions(args: Args) {
      let list = tenant.executions.filter((e) => visible(e.projectId));
      if (args.projectId != null) list = list.filter((e) => e.projectId === project(String(args.projectId))?.id);
      if (Array.isArray(args.issueIds)) list = list.filter((e) => (args.issueIds as string[]).includes(e.issueId));
      const since = parseSince(args.modifiedSince);
      if (since !== undefined) list = list.filter((e) => e.lastModified >= since);
      return page([...list].sort(sortById).map(execView), args);
    },
    getTestExecution(args: Args) {
      const e = execs.get(String(args.issueId));
      return e ? execView(e) : null;
    },
    getTestPlans(args: Args) {
      if (args.jql != null) throw new Error('The simulator does not search Test Plans by JQL: give projectId or issueIds.');
      let list = plans.filter((p) => visible(p.projectId));
      if (args.projectId != null) list = list.filter((p) => p.projectId === project(String(args.projectId))?.id);
      if (Array.isArray(args.issueIds)) list = list.filter((p) => (args.issueIds as string[]).includes(p.issueId));
      const since = parseSince(args.modifiedSince);
      if (since !== undefined) list = list.filter((p) => p.lastModified >= since);
      return page([...list].sort(sortById).map(planView), args);
    },
    getTestPlan(args: Args) {
      const p = plans.find((x) => x.issueId === String(args.issueId));
      return p && visible(p.projectId) ? planView(p) : null;
    },
    getStatuses() {
      return tenant.statuses.map((s) => ({ ...s }));
    },
    getStatus(args: Args) {
      const s = tenant.statuses.find((x) => x.name === args.name);
      return s ? { ...s } : null;
    },
    getProjectSettings(args: Args) {
      const p = args.projectIdOrKey == null ? undefined : project(String(args.projectIdOrKey));
      if (!p || p.archived) throw new Error(`Project with id or key ${String(args.projectIdOrKey)} was not found.`);
      return { projectId: p.id, testEnvironments: p.testEnvironments, defectIssueTypes: ['Bug'] };
    },
  };
}

export const SERVED_QUERIES = Object.keys(createRootResolvers({ id: '', region: 'global', projects: [], statuses: [], tests: [], preconditions: [], executions: [], runs: [], nextId: 1 }));
