/**
 * Simulator records → the JSON shapes qTest Manager API v3 answers with (field names per the v3 Swagger).
 */
import type { SimCycle, SimModule, SimProject, SimRequirement, SimRun, SimStatus, SimTestCase, SiteData } from './types';

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

export function testRunJson(site: SiteData, run: SimRun) {
  const latest = run.logs[run.logs.length - 1];
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
    test_case: { id: run.testCaseId },
    web_url: `${base(site)}/p/${run.projectId}/portal/project#tab=testexecution&object=3&id=${run.id}`,
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

export function cycleJson(site: SiteData, c: SimCycle, deep: boolean) {
  const url = `${base(site)}/p/${c.projectId}/portal/project#tab=testexecution&object=2&id=${c.id}`;
  return {
    links: self(`${base(site)}/api/v3/projects/${c.projectId}/test-cycles/${c.id}`),
    id: c.id,
    name: c.name,
    order: c.id,
    pid: c.pid,
    created_date: iso(c.createdAt),
    last_modified_date: iso(c.createdAt),
    web_url: url,
    ...(deep
      ? {
          'test-cycles': [],
          'test-suites': c.suites.map((s) => ({ id: s.id, name: s.name, pid: s.pid, parentId: c.id, parentType: 'test-cycle' })),
        }
      : {}),
  };
}
