/**
 * Simulator records → the JSON rows QMetry's Open API answers with. Field names follow the documented
 * filter/sort properties and ids of the API (see src/connectors/qmetry/records.ts). Dates are ISO-8601.
 */
import type { HostData, SimProject, SimRequirement, SimRun, SimStatus, SimSuite, SimTestCase, SimVersion } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

export function projectJson(p: SimProject) {
  return { projectID: p.id, projectKey: p.key, name: p.name, isArchived: p.archived };
}

export function projectInfoJson(host: HostData, p: SimProject) {
  const view = (viewId: number) => ({ viewId });
  return {
    currentProjectId: p.id,
    currentProjectKey: p.key,
    currentProjectName: p.name,
    clientCode: host.clientCode,
    latestViews: { TC: view(p.views.TC), TS: view(p.views.TS), TE: view(p.views.TE), TEL: view(p.views.TEL), RQ: view(p.views.RQ) },
    rootFolders: { TC: { id: p.rootFolderIds.TC }, TS: { id: p.rootFolderIds.TS } },
    dateTimeFormatID: 1,
    dateTimeFormatNew: [{ id: 1, unique_value: 'yyyy-MM-dd' }],
  };
}

export function statusJson(s: SimStatus) {
  return { id: s.id, name: s.name, color: s.color, isDefault: s.isDefault, isArchived: s.isArchived, statusType: s.custom ? 'CUSTOM' : 'SYSTEM' };
}

/** `/Catalog/Search`: the folder path from the root test case folder. */
export function folderPath(host: HostData, folderId: number): string {
  const names: string[] = [];
  for (let f = host.folders.find((x) => x.id === folderId); f; f = host.folders.find((x) => x.id === f!.parentId)) names.unshift(f.name);
  return `/${names.join('/')}`;
}

export const latest = (tc: SimTestCase) => tc.versions[tc.versions.length - 1];

export function testCaseJson(host: HostData, tc: SimTestCase, v: SimVersion = latest(tc)) {
  return {
    tcID: tc.id,
    entityKey: tc.entityKey,
    name: v.name,
    tcVersionID: v.versionId,
    associatedVersion: v.version,
    isLatestVersion: v === latest(tc),
    description: v.description,
    precondition: v.precondition,
    priorityAlias: v.priority,
    testCaseTypeAlias: v.type,
    folderPath: folderPath(host, tc.folderId),
    linkedRqCount: tc.requirementIds.length,
    stepCount: v.steps.length,
    createdDate: iso(tc.createdAt),
    updatedDate: iso(v.updatedAt),
  };
}

export function requirementJson(r: SimRequirement) {
  return {
    id: r.id,
    entityKey: r.entityKey,
    name: r.name,
    createdSystem: r.createdSystem,
    createdDate: iso(r.createdAt),
    updatedDate: iso(r.updatedAt),
  };
}

export function suiteJson(s: SimSuite) {
  return { id: s.id, entityKey: s.entityKey, name: s.name, createdDate: iso(s.createdAt), updatedDate: iso(s.updatedAt) };
}

export function releaseOfCycle(host: HostData, cycleId: number | null) {
  if (cycleId === null) return undefined;
  for (const r of host.releases) {
    const c = r.cycles.find((x) => x.id === cycleId);
    if (c) return { release: r, cycle: c };
  }
  return undefined;
}

export function runJson(host: HostData, run: SimRun) {
  const tc = host.testCases.find((c) => c.id === run.testCaseId)!;
  const status = host.statuses.find((s) => s.id === run.statusId)!;
  return {
    tcRunID: run.id,
    tcID: tc.id,
    entityKey: tc.entityKey,
    name: tc.versions.find((v) => v.version === run.version)?.name ?? latest(tc).name,
    executedVersion: run.version,
    runStatusID: status.id,
    runStatusName: status.name,
    executedBy: run.executedBy ?? null,
    executedDate: run.executedAt !== undefined ? iso(run.executedAt) : null,
    updatedDate: iso(run.updatedAt),
  };
}

/** A test case run with its suite, platform and cycle, as /rest/testcases/execution lists it. */
export function executionJson(host: HostData, run: SimRun) {
  const sr = host.suiteRuns.find((x) => x.id === run.suiteRunId)!;
  const suite = host.suites.find((s) => s.id === sr.suiteId)!;
  const platform = host.platforms.find((p) => p.id === sr.platformId)!;
  const rc = releaseOfCycle(host, suite.cycleId);
  return {
    ...runJson(host, run),
    tsRunID: String(sr.id),
    tsEntityKey: suite.entityKey,
    testSuiteName: suite.name,
    platformID: platform.id,
    platformName: platform.name,
    releaseName: rc?.release.name ?? null,
    cycleName: rc?.cycle.name ?? null,
    executionStatus: runJson(host, run).runStatusName,
  };
}
