/**
 * The QMetry simulator's mutable state and the operations tests use to change it.
 * Every change stamps the records with the simulator clock, as QMetry stamps updatedDate.
 */
import type { HostData, SimData, SimIssue, SimRun, SimTestCase, SimUser } from './types';

/** A test step as the write calls take it. */
export interface StepInput {
  description: string;
  inputData?: string;
  expectedOutcome?: string;
}

export class QmetrySimState {
  constructor(
    public data: SimData,
    readonly now: () => number,
  ) {}

  host(site: string): HostData | undefined {
    return this.data.hosts[site.toLowerCase()];
  }

  private mustHost(site: string): HostData {
    const h = this.host(site);
    if (!h) throw new Error(`No simulated QMetry site "${site}"`);
    return h;
  }

  testCase(site: string, entityKey: string): SimTestCase | undefined {
    return this.mustHost(site).testCases.find((c) => c.entityKey === entityKey);
  }

  /**
   * Edits a test case's latest version (or a new version with `newVersion`) and bumps its updatedDate to the clock.
   */
  modifyTestCase(
    site: string,
    entityKey: string,
    patch: { name?: string; description?: string; precondition?: string; steps?: StepInput[]; newVersion?: boolean } = {},
  ): SimTestCase {
    const h = this.mustHost(site);
    const tc = this.testCase(site, entityKey);
    if (!tc) throw new Error(`No test case ${entityKey}`);
    let v = tc.versions[tc.versions.length - 1];
    if (patch.newVersion) {
      v = { ...structuredClone(v), versionId: h.nextId++, version: v.version + 1, createdAt: this.now() };
      tc.versions.push(v);
    }
    if (patch.name !== undefined) v.name = patch.name;
    if (patch.description !== undefined) v.description = patch.description;
    if (patch.precondition !== undefined) v.precondition = patch.precondition;
    if (patch.steps) v.steps = this.steps(h, patch.steps);
    v.updatedAt = Math.max(this.now(), v.updatedAt + 1);
    return tc;
  }

  private steps(h: HostData, steps: StepInput[]) {
    return steps.map((s, i) => ({
      id: h.nextId++,
      orderId: i + 1,
      description: s.description,
      inputData: s.inputData ?? '',
      expectedOutcome: s.expectedOutcome ?? '',
    }));
  }

  /** Creates a test case (version 1, the project's next entity key) in a test case folder. */
  createTestCase(
    site: string,
    input: { projectId: number; folderId: number; name: string; description?: string; precondition?: string; steps?: StepInput[] },
  ): SimTestCase {
    const h = this.mustHost(site);
    const project = h.projects.find((p) => p.id === input.projectId);
    if (!project) throw new Error(`No project ${input.projectId}`);
    const n = Math.max(0, ...h.testCases.filter((c) => c.projectId === project.id).map((c) => Number(c.entityKey.split('-').pop()) || 0)) + 1;
    const t = this.now();
    const tc: SimTestCase = {
      id: h.nextId++,
      projectId: project.id,
      entityKey: `${project.key}-TC-${n}`,
      folderId: input.folderId,
      versions: [
        {
          versionId: h.nextId++,
          version: 1,
          name: input.name,
          description: input.description ?? '',
          precondition: input.precondition ?? '',
          priority: 'Medium',
          type: 'Functional',
          steps: this.steps(h, input.steps ?? []),
          createdAt: t,
          updatedAt: t,
        },
      ],
      requirementIds: [],
      createdAt: t,
    };
    h.testCases.push(tc);
    return tc;
  }

  /**
   * Links (or unlinks) requirements to a test case and stamps its latest version with the clock, so that incremental
   * reads see the new coverage (whether QMetry bumps updatedDate on a link is not documented). Answers whether it changed.
   */
  linkRequirements(site: string, entityKey: string, requirementIds: number[], linked: boolean): boolean {
    const tc = this.testCase(site, entityKey);
    if (!tc) throw new Error(`No test case ${entityKey}`);
    const before = tc.requirementIds.join(',');
    tc.requirementIds = linked
      ? [...new Set([...tc.requirementIds, ...requirementIds])]
      : tc.requirementIds.filter((r) => !requirementIds.includes(r));
    if (before === tc.requirementIds.join(',')) return false;
    const v = tc.versions[tc.versions.length - 1];
    v.updatedAt = Math.max(this.now(), v.updatedAt + 1);
    return true;
  }

  /** Sets the status of test case runs (as a tester executing them now): executedDate and updatedDate move to the clock. */
  setRunStatus(site: string, runIds: number[], statusId: number, tester = 'demo.admin'): SimRun[] {
    const h = this.mustHost(site);
    if (!h.statuses.some((s) => s.id === statusId)) throw new Error(`Unknown status ${statusId}`);
    const t = this.now();
    return runIds.map((id) => {
      const run = h.runs.find((r) => r.id === id);
      if (!run) throw new Error(`No test case run ${id}`);
      run.statusId = statusId;
      run.executedAt = t;
      run.executedBy = tester;
      run.updatedAt = Math.max(t, run.updatedAt + 1);
      return run;
    });
  }

  /** Deletes a test case with its test case runs. */
  deleteTestCase(site: string, entityKey: string): void {
    const h = this.mustHost(site);
    const tc = this.testCase(site, entityKey);
    if (!tc) throw new Error(`No test case ${entityKey}`);
    h.testCases = h.testCases.filter((c) => c !== tc);
    h.runs = h.runs.filter((r) => r.testCaseId !== tc.id);
  }

  /** Executes a test case in a suite on a platform now (adding it to the suite run if needed). */
  execute(site: string, input: { suite: string; platform: string; entityKey: string; status: string; tester?: string }): SimRun {
    const h = this.mustHost(site);
    const tc = this.testCase(site, input.entityKey);
    if (!tc) throw new Error(`No test case ${input.entityKey}`);
    const suite = h.suites.find((s) => s.projectId === tc.projectId && s.name === input.suite);
    const platform = h.platforms.find((p) => p.projectId === tc.projectId && p.name === input.platform);
    const status = h.statuses.find((s) => s.name === input.status);
    if (!suite || !platform || !status) throw new Error(`Unknown suite, platform or status: ${JSON.stringify(input)}`);
    let sr = h.suiteRuns.find((x) => x.suiteId === suite.id && x.platformId === platform.id);
    if (!sr) h.suiteRuns.push((sr = { id: h.nextId++, suiteId: suite.id, platformId: platform.id }));
    const t = this.now();
    let run = h.runs.find((r) => r.suiteRunId === sr!.id && r.testCaseId === tc.id);
    if (!run) h.runs.push((run = { id: h.nextId++, suiteRunId: sr.id, testCaseId: tc.id, version: tc.versions.length, statusId: status.id, updatedAt: t }));
    run.statusId = status.id;
    run.executedAt = t;
    run.executedBy = input.tester ?? 'demo.admin';
    run.updatedAt = Math.max(t, run.updatedAt + 1);
    return run;
  }

  /**
   * The issue of a project with this key; a Jira issue of a project the site's Jira integration covers is imported
   * (created as QMetry's Jira integration would, `createdSystem` JIRA) when first asked for.
   */
  issueByKey(site: string, projectId: number, key: string): SimIssue | undefined {
    const h = this.mustHost(site);
    const found = (h.issues ?? []).find((i) => i.projectId === projectId && i.entityKey.toUpperCase() === key.toUpperCase());
    if (found) return found;
    const jiraProject = /^([A-Z][A-Z0-9_]*)-\d+$/.exec(key.toUpperCase())?.[1];
    if (!jiraProject || !(h.jiraProjects ?? []).includes(jiraProject)) return undefined;
    return this.importJiraIssue(site, projectId, key.toUpperCase(), `${key.toUpperCase()} (imported from Jira)`);
  }

  /** An issue QMetry's Jira integration imported from Jira, keeping its key. */
  importJiraIssue(site: string, projectId: number, key: string, summary: string): SimIssue {
    const h = this.mustHost(site);
    const issue: SimIssue = { id: h.nextId++, projectId, entityKey: key, summary, state: 'Open', createdSystem: 'JIRA', createdAt: this.now() };
    (h.issues ??= []).push(issue);
    return issue;
  }

  /** Links issues to a test case run, each once, and stamps the run's updatedDate with the clock. Answers whether it changed. */
  linkIssues(site: string, runId: number, issueIds: number[]): boolean {
    const run = this.mustHost(site).runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test case run ${runId}`);
    const fresh = [...new Set(issueIds)].filter((id) => !(run.issueIds ?? []).includes(id));
    if (fresh.length === 0) return false;
    run.issueIds = [...(run.issueIds ?? []), ...fresh];
    run.updatedAt = Math.max(this.now(), run.updatedAt + 1);
    return true;
  }

  user(site: string, apiKey: string): SimUser | undefined {
    return this.host(site)?.users.find((u) => u.apiKey === apiKey);
  }

  setKeyState(site: string, apiKey: string, keyState: SimUser['keyState']): void {
    const u = this.user(site, apiKey);
    if (u) u.keyState = keyState;
  }
}
