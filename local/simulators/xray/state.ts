/**
 * The Xray simulator's mutable state: API keys, tokens (signed JWTs with `exp`), tenants, and the operations tests
 * use to change data. Every change stamps the records with the simulator clock, as Xray stamps lastModified.
 */
import { createHmac } from 'node:crypto';
import type { SimClient, SimData, SimExecution, SimRun, SimTest, SimToken, TenantData } from './types';

/** A new Test: its Jira fields and Xray definition. */
export interface NewTest {
  projectId: string;
  summary: string;
  description?: string;
  labels?: string[];
  priority?: string;
  kind: SimTest['kind'];
  steps?: Array<[string, string, string]>;
  gherkin?: string;
  unstructured?: string;
  folder?: string;
  preconditionIds?: string[];
}

/** Issue ids of Tests created in the simulator start here, clear of the demo's and of the Jira seed's ids. */
export const CREATED_ISSUE_IDS_FROM = 90_001;

const SIGNING_KEY = 'xray-simulator-signing-key';
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');

export class XraySimState {
  constructor(
    public data: SimData,
    readonly now: () => number,
  ) {}

  tenant(id: string): TenantData {
    const t = this.data.tenants[id];
    if (!t) throw new Error(`No simulated Xray tenant "${id}"`);
    return t;
  }

  client(clientId: string): SimClient | undefined {
    return this.data.clients.find((c) => c.clientId === clientId);
  }

  /** Issues a JWT for a client: HS256, claims tenant/aud/iat/exp/iss like Xray's. */
  issueToken(client: SimClient, ttlSeconds: number): SimToken {
    const iat = Math.floor(this.now() / 1000);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({ tenant: client.tenantId, aud: client.clientId, sub: client.clientId, iss: 'com.xpandit.xray', iat, exp: iat + ttlSeconds, jti: this.data.tokens.length + 1 });
    const sig = createHmac('sha256', SIGNING_KEY).update(`${header}.${payload}`).digest('base64url');
    const token: SimToken = { value: `${header}.${payload}.${sig}`, clientId: client.clientId, tenantId: client.tenantId, expiresAt: (iat + ttlSeconds) * 1000 };
    this.data.tokens.push(token);
    return token;
  }

  findToken(value: string): SimToken | undefined {
    return this.data.tokens.find((t) => t.value === value);
  }

  /** Invalidates every token of a client (the key stays valid: a new authenticate works). */
  revokeTokens(clientId: string): void {
    for (const t of this.data.tokens) if (t.clientId === clientId) t.revoked = true;
  }

  /** Deletes an API key: authenticate fails and its tokens stop working. */
  revokeClient(clientId: string): void {
    const c = this.client(clientId);
    if (c) c.revoked = true;
    this.revokeTokens(clientId);
  }

  test(tenantId: string, keyOrId: string): SimTest {
    const t = this.tenant(tenantId).tests.find((x) => x.issueId === keyOrId || x.key === keyOrId);
    if (!t) throw new Error(`No test ${keyOrId}`);
    return t;
  }

  /** Edits a test's Xray definition (steps, folder...) and bumps its lastModified to the clock. */
  modifyTest(
    tenantId: string,
    keyOrId: string,
    patch: Partial<Pick<SimTest, 'summary' | 'folder' | 'labels' | 'priority' | 'gherkin' | 'unstructured'>> & {
      steps?: Array<[string, string, string]>;
      covers?: Array<{ issueId: string; key: string }>;
    } = {},
  ): SimTest {
    const tenant = this.tenant(tenantId);
    const t = this.test(tenantId, keyOrId);
    const { steps, ...rest } = patch;
    Object.assign(t, rest);
    if (steps) t.steps = steps.map(([action, data, result]) => ({ id: String(tenant.nextId++), action, data, result }));
    t.lastModified = Math.max(this.now(), t.lastModified + 1);
    if (patch.summary || patch.labels || patch.priority) t.jiraUpdated = t.lastModified;
    return t;
  }

  /** Creates a Test issue (the next key of its project) with its Xray definition, stamped with the clock. */
  createTest(tenantId: string, input: NewTest): SimTest {
    const tenant = this.tenant(tenantId);
    const project = tenant.projects.find((p) => p.id === input.projectId);
    if (!project) throw new Error(`No project ${input.projectId}`);
    const issues = [...tenant.tests, ...tenant.preconditions, ...tenant.executions, ...(tenant.testPlans ?? [])];
    const issueId = String(Math.max(CREATED_ISSUE_IDS_FROM - 1, ...issues.map((i) => Number(i.issueId))) + 1);
    const n = Math.max(0, ...issues.filter((i) => i.projectId === project.id).map((i) => Number(i.key.split('-').pop()) || 0)) + 1;
    const at = this.now();
    const t: SimTest = {
      issueId,
      key: `${project.key}-${n}`,
      projectId: project.id,
      summary: input.summary,
      description: input.description ?? '',
      labels: input.labels ?? [],
      priority: input.priority ?? 'Medium',
      kind: input.kind,
      steps: (input.steps ?? []).map(([action, data, result]) => ({ id: String(tenant.nextId++), action, data, result })),
      gherkin: input.gherkin ?? '',
      unstructured: input.unstructured ?? '',
      folder: input.folder ?? '/',
      preconditionIds: input.preconditionIds ?? [],
      covers: [],
      lastModified: at,
      jiraUpdated: at,
    };
    tenant.tests.push(t);
    return t;
  }

  /** Sets a Test Run's status, as Xray does when a tester picks one: started when first set, finished when final. */
  setRunStatus(tenantId: string, runId: string, status: string): SimRun {
    const tenant = this.tenant(tenantId);
    const run = tenant.runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test run ${runId}`);
    const s = tenant.statuses.find((x) => x.name === status);
    if (!s) throw new Error(`Unknown status "${status}"`);
    const at = this.now();
    run.status = s.name;
    if (s.name === 'TODO') {
      delete run.startedOn;
      delete run.finishedOn;
    } else {
      run.startedOn ??= at;
      if (s.final) run.finishedOn = at;
      else delete run.finishedOn;
    }
    run.lastModified = Math.max(at, run.lastModified + 1);
    return run;
  }

  /** Edits a Test Run's times or executor (updateTestRun) and stamps it with the clock. */
  updateRun(tenantId: string, runId: string, patch: { startedOn?: number; finishedOn?: number; executedById?: string }): SimRun {
    const run = this.tenant(tenantId).runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test run ${runId}`);
    Object.assign(run, patch);
    run.lastModified = Math.max(this.now(), run.lastModified + 1);
    return run;
  }

  /** Deletes a Test issue and its Test Runs (Xray drops a deleted Test's runs from its Test Executions). */
  deleteTest(tenantId: string, keyOrId: string): void {
    const tenant = this.tenant(tenantId);
    const t = this.test(tenantId, keyOrId);
    tenant.tests = tenant.tests.filter((x) => x !== t);
    tenant.runs = tenant.runs.filter((r) => r.testIssueId !== t.issueId);
  }

  /**
   * Adds a Test Execution issue to a project (its next key), for the given test environments and fix versions (names
   * of the project's versions), stamped with the clock. Its runs are added with addRun.
   */
  addExecution(tenantId: string, input: { projectId: string; summary: string; environments?: string[]; fixVersions?: string[] }): SimExecution {
    const tenant = this.tenant(tenantId);
    const project = tenant.projects.find((p) => p.id === input.projectId);
    if (!project) throw new Error(`No project ${input.projectId}`);
    const issues = [...tenant.tests, ...tenant.preconditions, ...tenant.executions, ...(tenant.testPlans ?? [])];
    const issueId = String(Math.max(CREATED_ISSUE_IDS_FROM - 1, ...issues.map((i) => Number(i.issueId))) + 1);
    const n = Math.max(0, ...issues.filter((i) => i.projectId === project.id).map((i) => Number(i.key.split('-').pop()) || 0)) + 1;
    const e: SimExecution = {
      issueId,
      key: `${project.key}-${n}`,
      projectId: project.id,
      summary: input.summary,
      environments: input.environments ?? [],
      ...(input.fixVersions ? { fixVersions: input.fixVersions } : {}),
      lastModified: this.now(),
    };
    tenant.executions.push(e);
    return e;
  }

  /** Adds a run of a test (in a Test Execution by key, or ad hoc with null), executed now with `status`. */
  addRun(tenantId: string, input: { test: string; execution: string | null; status: string; executedById?: string }): SimRun {
    const tenant = this.tenant(tenantId);
    const t = this.test(tenantId, input.test);
    if (!tenant.statuses.some((s) => s.name === input.status)) throw new Error(`Unknown status "${input.status}"`);
    const exec = input.execution === null ? null : tenant.executions.find((e) => e.key === input.execution || e.issueId === input.execution);
    if (exec === undefined) throw new Error(`No Test Execution ${input.execution}`);
    const at = this.now();
    const run: SimRun = {
      id: `5acc7ab0a3fe1b6f${(tenant.nextId++).toString(16).padStart(8, '0')}`,
      testIssueId: t.issueId,
      execIssueId: exec?.issueId ?? null,
      status: input.status,
      lastModified: at,
      ...(input.status !== 'TODO' ? { startedOn: at - 60_000, executedById: input.executedById ?? 'demo-tester' } : {}),
      ...(input.status !== 'TODO' && input.status !== 'EXECUTING' ? { finishedOn: at } : {}),
    };
    tenant.runs.push(run);
    return run;
  }

  /**
   * Adds Jira issues (ids) to a Test Run as its defects, each once, and stamps the run with the clock (adding a defect
   * edits the run; getTestRuns' modifiedSince then sees it). Answers the ids added.
   */
  addDefects(tenantId: string, runId: string, issueIds: string[]): string[] {
    const run = this.tenant(tenantId).runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test run ${runId}`);
    const fresh = [...new Set(issueIds)].filter((id) => !(run.defects ?? []).includes(id));
    if (fresh.length > 0) {
      run.defects = [...(run.defects ?? []), ...fresh];
      run.lastModified = Math.max(this.now(), run.lastModified + 1);
    }
    return fresh;
  }

  /**
   * Sets the result of each step of a Test Run (in the Test's step order; a step left out is TODO), instead of the
   * results derived from the run's status.
   */
  setStepResults(tenantId: string, runId: string, results: Array<{ status: string; actualResult?: string }>): SimRun {
    const run = this.tenant(tenantId).runs.find((r) => r.id === runId);
    if (!run) throw new Error(`No test run ${runId}`);
    run.stepResults = results.map((r) => ({ ...r }));
    return run;
  }

  /** Adds a custom Test Run status. */
  addStatus(tenantId: string, name: string, final = true): void {
    this.tenant(tenantId).statuses.push({ name, description: 'Custom status', final, color: '#777777', coverageStatus: final ? 'OK' : 'NOTRUN' });
  }
}
