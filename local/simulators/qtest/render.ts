/**
 * Simulator records → the JSON shapes qTest Manager API v3 answers with (field names per the v3 Swagger).
 */
import { orderedSteps, stepOutcomes } from './step-results';
import type { SimCycle, SimLog, SimModule, SimProject, SimRelease, SimRequirement, SimRun, SimStatus, SimStep, SimTestCase, SimUser, SiteData } from './types';

const iso = (ms: number) => new Date(ms).toISOString();
const base = (site: SiteData) => `https://${site.site}.qtestnet.com`;
const self = (href: string) => [{ rel: 'self', href }];

export function projectJson(site: SiteData, p: SimProject) {
  return {
    links: self(`${base(site)}/api/v3/projects/${p.id}`),
    id: p.id,
    name: p.name,
    description: p.description,
    status_id: p.statusId,
    start_date: iso(p.createdAt),
    sample: false,
    automation: false,
    date_format: 'yyyy/MM/dd',
  };
}

export function statusJson(site: SiteData, projectId: number, s: SimStatus) {
  return {
    links: self(`${base(site)}/api/v3/projects/${projectId}/test-runs/execution-statuses`),
    id: s.id,
    name: s.name,
    is_default: s.isDefault,
    color: s.color,
    active: s.active,
  };
}

export function testCaseJson(site: SiteData, c: SimTestCase, withSteps: boolean) {
  const url = `${base(site)}/api/v3/projects/${c.projectId}/test-cases/${c.id}`;
  return {
    links: self(url),
    id: c.id,
    name: c.name,
    order: c.id,
    pid: c.pid,
    created_date: iso(c.createdAt),
    last_modified_date: iso(c.lastModifiedAt),
    properties: [
      { field_id: 9001, field_name: 'Status', field_value: '201', field_value_name: 'New' },
      { field_id: 9002, field_name: 'Type', field_value: '701', field_value_name: c.type },
      { field_id: 9003, field_name: 'Priority', field_value: '711', field_value_name: c.priority },
      { field_id: 9004, field_name: 'Automation', field_value: '712', field_value_name: 'No' },
    ],
    web_url: `${base(site)}/p/${c.projectId}/portal/project#tab=testdesign&object=1&id=${c.id}`,
    parent_id: c.moduleId,
    test_case_version_id: c.versionId,
    version: c.version,
    description: c.description,
    precondition: c.precondition,
    creator_id: 1,
    ...(withSteps
      ? {
          test_steps: c.steps.map((s) => ({
            links: self(`${url}/test-steps/${s.id}`),
            id: s.id,
            description: s.description,
            expected: s.expected,
            order: s.order,
            attachments: [],
          })),
        }
      : {}),
  };
}

export function requirementJson(site: SiteData, r: SimRequirement, external: boolean) {
  return {
    links: self(`${base(site)}/api/v3/projects/${r.projectId}/requirements/${r.id}`),
    id: r.id,
    name: r.name,
    pid: r.pid,
    created_date: iso(r.createdAt),
    last_modified_date: iso(r.lastModifiedAt),
    properties: [{ field_id: 9101, field_name: 'Status', field_value: '10001', field_value_name: 'In Progress' }],
    web_url: `${base(site)}/p/${r.projectId}/portal/project#tab=requirements&object=5&id=${r.id}`,
    ...(external
      ? { external_properties: { id: r.jiraKey, link: `https://demo-shop.atlassian.net/browse/${r.jiraKey}`, unique_id: r.jiraIssueId } }
      : {}),
  };
}

/** TestRunWithCustomFieldResource (`properties` and `test_case` are required there; runs have no `web_url`). */
export function testRunJson(site: SiteData, run: SimRun) {
  const latest = run.logs[run.logs.length - 1];
  const tc = site.cases.find((c) => c.id === run.testCaseId);
  return {
    links: self(`${base(site)}/api/v3/projects/${run.projectId}/test-runs/${run.id}`),
    id: run.id,
    name: run.name,
    order: run.id,
    pid: run.pid,
    parentId: run.suiteId,
    parentType: 'test-suite',
    testCaseId: run.testCaseId,
    created_date: iso(run.createdAt),
    last_modified_date: iso(run.lastModifiedAt),
    properties: [
      { field_id: 9201, field_name: 'Status', field_value: '', field_value_name: latest?.status ?? 'Unexecuted' },
      { field_id: 9202, field_name: 'Environment', field_value: '', field_value_name: run.environment },
      { field_id: 9203, field_name: 'Execution Type', field_value: '1', field_value_name: 'Manual' },
    ],
    test_case: {
      links: self(`${base(site)}/api/v3/projects/${run.projectId}/test-cases/${run.testCaseId}`),
      id: run.testCaseId,
      ...(tc ? { pid: tc.pid, name: tc.name } : {}),
      properties: [],
    },
    ...(tc ? { test_case_version_id: tc.versionId, test_case_version: tc.version } : {}),
    ...(latest
      ? {
          latest_test_log: {
            id: latest.id,
            status: latest.status,
            exe_start_date: iso(latest.exeStart),
            exe_end_date: iso(latest.exeEnd),
          },
        }
      : {}),
  };
}

/** The user a log's tester (a username) is, if the site has one. */
export function userOf(site: SiteData, username: string): SimUser | undefined {
  const u = username.toLowerCase();
  return site.users.find((x) => x.username.toLowerCase() === u);
}

/**
 * TestLogResource of one execution of a run. `withSteps` adds `test_step_logs` (one per step of the case, in the steps'
 * order, with the step's result, step-results.ts, its actual result when it has one, and the tester's `user_id`:
 * TestStepLogResource is where the Swagger names who executed) and `properties`; the search gives them with
 * includeTestLogProperties=true, the run's log list and a test log read by id always, the run's latest log with
 * expand=teststeplog.teststep (guesses: the Swagger says so only of that expand). `expandTestStep` adds each step log's
 * `test_step` (TestStepResource), as that expand is read to do.
 */
export function testLogJson(site: SiteData, run: SimRun, log: SimLog, withSteps: boolean, expandTestStep = false) {
  const status = site.statuses.find((s) => s.name === log.status);
  const tc = site.cases.find((c) => c.id === run.testCaseId);
  const tester = userOf(site, log.tester);
  const url = `${base(site)}/api/v3/projects/${run.projectId}/test-runs/${run.id}/test-logs/${log.id}`;
  const statusOf = (name: string) => {
    const s = site.statuses.find((x) => x.name === name);
    return s ? statusJson(site, run.projectId, s) : { name };
  };
  const stepLogs = (steps: SimStep[]) => {
    const outcomes = stepOutcomes(log, steps);
    return steps.map((st, i) => ({
      links: self(`${url}/test-step-logs/${st.id}`),
      test_step_id: st.id,
      ...(tester ? { user_id: tester.id } : {}),
      status: statusOf(outcomes[i].status),
      description: st.description,
      expected_result: st.expected,
      ...(outcomes[i].actual ? { actual_result: outcomes[i].actual } : {}),
      order: st.order,
      exe_date: iso(log.exeEnd),
      ...(expandTestStep ? { test_step: { id: st.id, description: st.description, expected: st.expected, order: st.order } } : {}),
    }));
  };
  return {
    links: self(url),
    id: log.id,
    test_run_id: run.id,
    name: run.name,
    exe_start_date: iso(log.exeStart),
    exe_end_date: iso(log.exeEnd),
    status: status ? statusJson(site, run.projectId, status) : { name: log.status },
    ...(tc ? { test_case_version_id: tc.versionId } : {}),
    ...(log.build ? { build_number: log.build } : {}),
    test_case: { id: run.testCaseId, properties: [] },
    ...(log.defects?.length ? { defects: log.defects.map((key) => linkedDefectJson(site, key)) } : {}),
    ...(withSteps
      ? {
          properties: [{ field_id: 9202, field_name: 'Environment', field_value: '', field_value_name: run.environment }],
          test_step_logs: stepLogs(orderedSteps(tc?.steps ?? [])),
        }
      : {}),
  };
}

/**
 * A Jira issue linked to a test log (LinkedDefectResource): qTest keeps the Jira key as `external_defect_id` and as
 * `pid`, the Jira project as `external_project_id`, the integration's connection as `connection_id`. Its qTest id is
 * derived from the key (the simulator keeps no defect records of its own).
 */
export function linkedDefectJson(site: SiteData, key: string) {
  return {
    id: defectIdOf(key),
    external_defect_id: key,
    pid: key,
    external_project_id: key.replace(/-\d+$/, ''),
    connection_id: site.jiraIntegration?.connectionId ?? 1,
    web_url: `https://demo-shop.atlassian.net/browse/${key}`,
  };
}

/** A stable qTest defect id for a Jira key (the simulator keeps no defect records). */
export function defectIdOf(key: string): number {
  let h = 7;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) % 9_000_000;
  return 1_000_000 + h;
}

/** UserResource of a project member (GET /projects/{projectId}/users). */
export function userJson(site: SiteData, u: SimUser) {
  return {
    links: self(`${base(site)}/api/v3/users/${u.id}`),
    id: u.id,
    username: u.username,
    email: u.username,
    first_name: u.firstName,
    last_name: u.lastName,
    status: 0,
  };
}

export function moduleTreeJson(site: SiteData, projectId: number, parentId: number | null, deep: boolean): unknown[] {
  return site.modules
    .filter((m: SimModule) => m.projectId === projectId && m.parentId === parentId)
    .sort((a, b) => a.order - b.order)
    .map((m) => ({
      links: self(`${base(site)}/api/v3/projects/${projectId}/modules/${m.id}`),
      id: m.id,
      name: m.name,
      order: m.order,
      pid: m.pid,
      parent_id: m.parentId ?? undefined,
      ...(deep ? { children: moduleTreeJson(site, projectId, m.id, true) } : {}),
    }));
}

/** The release a cycle sits under, else the release a root cycle targets (Target Release/Build). */
export function releaseOfCycle(site: SiteData, c: SimCycle): SimRelease | undefined {
  const id = c.releaseId ?? c.targetReleaseId;
  return id === undefined || id === null ? undefined : site.releases.find((r) => r.id === id);
}

/**
 * TestCycleResource with, under `expand=descendants`, its test suites (TestSuiteWithCustomFieldResource, `properties`
 * required: the Environment field its runs inherit). `target_release_id` is the release the cycle is for: the one it
 * sits under (as the Swagger's example "The second Cycle under Release 2" targets Release 2's id), else the Target
 * Release/Build set on a root cycle.
 */
export function cycleJson(site: SiteData, c: SimCycle, deep: boolean) {
  const url = `${base(site)}/p/${c.projectId}/portal/project#tab=testexecution&object=4&id=${c.id}`;
  const release = releaseOfCycle(site, c);
  return {
    links: self(`${base(site)}/api/v3/projects/${c.projectId}/test-cycles/${c.id}`),
    id: c.id,
    name: c.name,
    order: c.id,
    pid: c.pid,
    created_date: iso(c.createdAt),
    last_modified_date: iso(c.createdAt),
    web_url: url,
    ...(release ? { target_release_id: release.id } : {}),
    ...(deep
      ? {
          'test-cycles': [],
          'test-suites': c.suites.map((s) => ({
            links: self(`${base(site)}/api/v3/projects/${c.projectId}/test-suites/${s.id}`),
            id: s.id,
            name: s.name,
            pid: s.pid,
            parentId: c.id,
            parentType: 'test-cycle',
            ...(release ? { target_release_id: release.id } : {}),
            properties: [{ field_id: 9202, field_name: 'Environment', field_value: '', field_value_name: s.environment }],
            web_url: `${base(site)}/p/${c.projectId}/portal/project#tab=testexecution&object=2&id=${s.id}`,
          })),
        }
      : {}),
  };
}

/** ReleaseWithCustomFieldResource (`properties` required there). */
export function releaseJson(site: SiteData, r: SimRelease) {
  return {
    links: self(`${base(site)}/api/v3/projects/${r.projectId}/releases/${r.id}`),
    id: r.id,
    name: r.name,
    order: r.id,
    pid: r.pid,
    created_date: iso(r.createdAt),
    last_modified_date: iso(r.createdAt),
    properties: [{ field_id: 9301, field_name: 'Status', field_value: r.closed ? '10003' : '10001', field_value_name: r.closed ? 'Closed' : 'Active' }],
    web_url: `${base(site)}/p/${r.projectId}/portal/project#tab=testplan&object=8&id=${r.id}`,
    start_date: iso(r.startAt),
    end_date: iso(r.endAt),
  };
}
