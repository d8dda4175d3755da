/**
 * The qTest simulator's mutable state and the operations tests use to change it.
 * Every change stamps the records with the simulator clock, as qTest stamps last_modified_date.
 */
import type { SimData, SimModule, SimRun, SimTestCase, SimToken, SiteData } from './types';

/** The fields of a test case the simulator's writes set. */
export interface TestCaseInput {
  name?: string;
  moduleId?: number;
  description?: string;
  precondition?: string;
  priority?: string;
  type?: string;
  steps?: Array<{ description: string; expected: string }>;
}

/** Where qTest puts a case created without parent_id (per the Swagger of POST /test-cases). */
export const CREATED_VIA_API = 'Created via API';

export class QtestSimState {
  constructor(
    public data: SimData,
    readonly now: () => number,
  ) {}

  site(name: string): SiteData | undefined {
    return this.data.sites[name.toLowerCase()];
  }

  private mustSite(name: string): SiteData {
    const s = this.site(name);
    if (!s) throw new Error(`No simulated qTest site "${name}"`);
    return s;
  }

  private nextId(site: SiteData): number {
    return site.nextId++;
  }

  testCase(site: string, projectId: number, caseId: number): SimTestCase | undefined {
    return this.mustSite(site).cases.find((c) => c.projectId === projectId && c.id === caseId);
  }

  /** Edits a test case (name, description, steps...) and bumps its last modified date to the clock. */
  modifyTestCase(
    site: string,
    projectId: number,
    caseId: number,
    patch: Partial<Pick<SimTestCase, 'name' | 'description' | 'precondition' | 'priority' | 'type' | 'moduleId' | 'requirementIds'>> & {
      steps?: Array<{ description: string; expected: string }>;
    } = {},
  ): SimTestCase {
    const s = this.mustSite(site);
    const c = this.testCase(site, projectId, caseId);
    if (!c) throw new Error(`No test case ${caseId} in project ${projectId}`);
    const { steps, ...rest } = patch;
    Object.assign(c, rest);
    if (steps) c.steps = steps.map((st, i) => ({ id: this.nextId(s), description: st.description, expected: st.expected, order: i + 1 }));
    const [major, minor] = c.version.split('.').map(Number);
    c.version = `${major}.${(minor || 0) + 1}`;
    c.lastModifiedAt = Math.max(this.now(), c.lastModifiedAt + 1);
    return c;
  }

  /** Creates a test case (version 1.0) in a module, or in the project's "Created via API" module. */
  createTestCase(site: string, projectId: number, input: TestCaseInput & { name: string }): SimTestCase {
    const s = this.mustSite(site);
    const moduleId = input.moduleId ?? this.apiModule(s, projectId).id;
    const t = this.now();
    const n = Math.max(0, ...s.cases.filter((c) => c.projectId === projectId).map((c) => Number(c.pid.replace(/^TC-/, '')) || 0)) + 1;
    const c: SimTestCase = {
      id: this.nextId(s),
      projectId,
      pid: `TC-${n}`,
      name: input.name,
      moduleId,
      description: input.description ?? '',
      precondition: input.precondition ?? '',
      priority: input.priority ?? 'Medium',
      type: input.type ?? 'Manual',
      steps: (input.steps ?? []).map((st, i) => ({ id: this.nextId(s), description: st.description, expected: st.expected, order: i + 1 })),
      requirementIds: [],
      createdAt: t,
      lastModifiedAt: t,
      version: '1.0',
      versionId: this.nextId(s),
    };
    s.cases.push(c);
    return c;
  }

  private apiModule(s: SiteData, projectId: number): SimModule {
    let m = s.modules.find((x) => x.projectId === projectId && x.parentId === null && x.name === CREATED_VIA_API);
    if (!m) {
      const siblings = s.modules.filter((x) => x.projectId === projectId);
      m = { id: this.nextId(s), projectId, pid: `MD-${siblings.length + 1}`, name: CREATED_VIA_API, parentId: null, order: siblings.filter((x) => x.parentId === null).length + 1 };
      s.modules.push(m);
    }
    return m;
  }

  /**
   * Links (or unlinks) test cases to a requirement and stamps each changed case with the clock, so that incremental
   * reads see the new coverage (whether qTest itself bumps a case's last_modified_date on a link is not documented).
   * Answers the ids of the cases whose links changed.
   */
  linkRequirement(site: string, projectId: number, requirementId: number, caseIds: number[], linked: boolean): number[] {
    const s = this.mustSite(site);
    const changed: number[] = [];
    for (const c of s.cases.filter((x) => x.projectId === projectId && caseIds.includes(x.id))) {
      const has = c.requirementIds.includes(requirementId);
      if (has === linked) continue;
      c.requirementIds = linked ? [...c.requirementIds, requirementId] : c.requirementIds.filter((r) => r !== requirementId);
      c.lastModifiedAt = Math.max(this.now(), c.lastModifiedAt + 1);
      changed.push(c.id);
    }
    return changed;
  }

  /** Deletes a test case and its test runs (qTest deletes a case's runs with it). */
  deleteTestCase(site: string, projectId: number, caseId: number): void {
    const s = this.mustSite(site);
    if (!this.testCase(site, projectId, caseId)) throw new Error(`No test case ${caseId} in project ${projectId}`);
    s.cases = s.cases.filter((c) => !(c.projectId === projectId && c.id === caseId));
    s.runs = s.runs.filter((r) => !(r.projectId === projectId && r.testCaseId === caseId));
  }

  /**
   * Adds a test run for a case in a cycle's test suite (the cycle's first suite unless `environment` names the
   * Environment of one), executed now with `status` (or left Unexecuted). The run inherits the suite's Environment.
   */
  addRun(
    site: string,
    input: { projectId: number; testCaseId: number; cycle: string; status?: string; environment?: string; tester?: string },
  ): SimRun {
    const s = this.mustSite(site);
    const c = this.testCase(site, input.projectId, input.testCaseId);
    if (!c) throw new Error(`No test case ${input.testCaseId} in project ${input.projectId}`);
    const cycle = s.cycles.find((x) => x.projectId === input.projectId && x.name === input.cycle);
    if (!cycle) throw new Error(`No test cycle "${input.cycle}" in project ${input.projectId}`);
    const suite = cycle.suites.find((x) => x.environment === input.environment) ?? cycle.suites[0];
    if (!suite) throw new Error(`Test cycle "${input.cycle}" has no test suite`);
    const t = this.now();
    const runNo = s.runs.filter((r) => r.projectId === input.projectId).length + 1;
    const run: SimRun = {
      id: this.nextId(s),
      projectId: input.projectId,
      pid: `TR-${runNo}`,
      name: c.name,
      testCaseId: c.id,
      suiteId: suite.id,
      environment: suite.environment,
      createdAt: t,
      lastModifiedAt: t,
      logs: [],
    };
    s.runs.push(run);
    if (input.status && input.status !== 'Unexecuted') this.addLog(site, run.id, input.status, input.tester);
    return run;
  }

  /**
   * Records an execution of a run (now, or at the given times: a result can be submitted after the fact), on a build
   * when given, and bumps the run's last modified date to the clock.
   */
  addLog(site: string, runId: number, status: string, tester = 'demo@example.com', at?: { exeStart: number; exeEnd: number }, build?: string): SimRun {
    const s = this.mustSite(site);
    const run = s.runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test run ${runId}`);
    if (!s.statuses.some((x) => x.name === status)) throw new Error(`Unknown status "${status}"`);
    const t = this.now();
    run.logs.push({ id: this.nextId(s), status, exeStart: at?.exeStart ?? t - 60_000, exeEnd: at?.exeEnd ?? t, tester, ...(build ? { build } : {}) });
    run.lastModifiedAt = Math.max(t, run.lastModifiedAt + 1);
    return run;
  }

  /**
   * Links Jira issues (by key) to a test log as its defects, each once, and stamps the log's run with the clock, so an
   * incremental read (on the run's last_modified_date) sees the new defects (whether qTest bumps it is not documented).
   * Answers the run and the log.
   */
  linkDefects(site: string, logId: number, keys: string[]): { run: SimRun; log: SimRun['logs'][number] } {
    const s = this.mustSite(site);
    for (const run of s.runs) {
      const log = run.logs.find((l) => l.id === logId);
      if (!log) continue;
      const fresh = keys.filter((k) => !(log.defects ?? []).includes(k));
      if (fresh.length > 0) {
        log.defects = [...(log.defects ?? []), ...fresh];
        run.lastModifiedAt = Math.max(this.now(), run.lastModifiedAt + 1);
      }
      return { run, log };
    }
    throw new Error(`No test log ${logId}`);
  }

  /**
   * Sets the result of each step of a test log (in the steps' order; a step left out is Unexecuted), instead of the
   * results derived from the log's status. Answers the run and the log.
   */
  setStepResults(site: string, logId: number, results: Array<{ status: string; actual?: string }>): { run: SimRun; log: SimRun['logs'][number] } {
    const s = this.mustSite(site);
    for (const run of s.runs) {
      const log = run.logs.find((l) => l.id === logId);
      if (!log) continue;
      log.stepResults = results.map((r) => ({ ...r }));
      return { run, log };
    }
    throw new Error(`No test log ${logId}`);
  }

  findToken(site: string, value: string): SimToken | undefined {
    return this.site(site)?.tokens.find((t) => t.value === value);
  }

  revokeToken(site: string, value: string): void {
    const t = this.findToken(site, value);
    if (t) t.revoked = true;
  }

  issueLoginToken(site: string, userId: number, ttlSeconds: number): SimToken {
    const s = this.mustSite(site);
    const n = this.nextId(s);
    const hex = (n * 2654435761).toString(16).padStart(8, '0').slice(-8);
    const token: SimToken = {
      value: `${hex}-1e67-41e8-a9b4-${String(n).padStart(12, '0')}`,
      userId,
      kind: 'login',
      expiresAt: this.now() + ttlSeconds * 1000,
    };
    s.tokens.push(token);
    return token;
  }
}
