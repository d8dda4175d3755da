/**
 * A test-management tool in memory behind the Connector port: test cases and runs read in small pages by
 * modification time, one case read on its own, cases deleted or changed, credentials revoked.
 */
import type { Connector, ReadOptions } from '../../../src/connectors/types';
import { ConnectorError } from '../../../src/connectors/types';
import type { Page, TestCase, TestRun } from '../../../src/domain/model';

export const PROJECT = '101';

export class FakeTool implements Connector {
  readonly cases = new Map<string, TestCase>();
  readonly runs: TestRun[] = [];
  pageSize = 3;
  revoked = false;
  reads = 0;

  constructor(private readonly now: () => number) {}

  addCase(id: string, requirementKeys: string[] = [], extra: Partial<TestCase> = {}): TestCase {
    const tc: TestCase = {
      tool: 'qtest',
      projectId: PROJECT,
      externalId: id,
      displayId: `TC-${id}`,
      name: `Case ${id}`,
      steps: [{ index: 1, action: 'Open the page', expected: 'It opens' }],
      labels: [],
      url: `https://demo.qtestnet.com/p/${PROJECT}/portal/project#tab=testdesign&object=1&id=${id}`,
      updatedAt: new Date(this.now()).toISOString(),
      requirementKeys,
      ...extra,
    };
    this.cases.set(id, tc);
    return tc;
  }

  editCase(id: string, change: Partial<TestCase>): void {
    const tc = this.cases.get(id)!;
    this.cases.set(id, { ...tc, ...change, updatedAt: new Date(this.now()).toISOString() });
  }

  addRun(caseId: string, status: string): TestRun {
    const at = new Date(this.now()).toISOString();
    const run: TestRun = {
      tool: 'qtest',
      projectId: PROJECT,
      externalId: `r${this.runs.length + 1}`,
      testCaseExternalId: caseId,
      status,
      executedAt: at,
      updatedAt: at,
      cycle: 'Sprint 1',
    };
    this.runs.push(run);
    return run;
  }

  private guard(): void {
    this.reads++;
    if (this.revoked) throw new ConnectorError('INVALID_CREDENTIALS', 'The qTest API token was rejected (HTTP 401)', { status: 401 });
  }

  /** listTestCaseIds calls (the deletion scan), for assertions. */
  idLists = 0;
  /** The options of every readTestCases call, for assertions. */
  readonly caseReads: ReadOptions[] = [];

  private page<T>(items: T[], opts: ReadOptions): Page<T> {
    const offset = Number(opts.cursor ?? 0);
    const slice = items.slice(offset, offset + this.pageSize);
    return { items: structuredClone(slice), ...(offset + this.pageSize < items.length ? { next: String(offset + this.pageSize) } : {}) };
  }

  async checkConnection() {
    return { ok: true, cause: 'OK' as const, message: 'ok' };
  }

  async listProjects() {
    return [{ id: PROJECT, name: 'Shop', archived: false }];
  }

  async listStatuses() {
    return [];
  }

  async readTestCases(_projectId: string, opts: ReadOptions) {
    this.guard();
    this.caseReads.push(opts);
    const since = opts.modifiedSince ?? '';
    const items = [...this.cases.values()].filter((c) => c.updatedAt >= since).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.externalId.localeCompare(b.externalId));
    return this.page(items, opts);
  }

  async readRuns(_projectId: string, opts: ReadOptions) {
    this.guard();
    const since = opts.modifiedSince ?? '';
    const items = this.runs.filter((r) => (r.updatedAt ?? r.executedAt ?? '') >= since);
    return this.page(items, opts);
  }

  async readTestCase(_projectId: string, externalId: string) {
    this.guard();
    const tc = this.cases.get(externalId);
    return tc ? { testCase: structuredClone(tc), runs: structuredClone(this.runs.filter((r) => r.testCaseExternalId === externalId)) } : null;
  }

  async listTestCaseIds() {
    this.guard();
    this.idLists++;
    return { items: [...this.cases.keys()] };
  }
}
