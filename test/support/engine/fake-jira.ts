/**
 * An in-memory Jira behind the engine's Jira port: issues, properties, links, remote links, Jira's size
 * limits, a search index that lags behind writes, and fault injection at the n-th write (an error, an error
 * after the write was applied — a lost answer — or a hang: the process died).
 */
import { JiraError } from '../../../src/jira/client';
import type { BulkCreateResult, DefectState, FoundIssue, IssueFacts, IssueInput } from '../../../src/jira/issues';
import type { LinkType } from '../../../src/jira/links';
import type { JiraPort } from '../../../src/sync/ports';

export const APP_ACCOUNT = 'app-account';

export interface FakeIssue {
  id: string;
  key: string;
  projectKey: string;
  projectId: string;
  issueType: string;
  creator: string;
  /** Its fields; `fixVersions` (version names, a string array) is what issueFacts reports as its fix versions. */
  fields: Record<string, unknown>;
  /** Property key → values written, with when (the search index sees them after the lag). */
  properties: Record<string, { at: number; value: unknown }[]>;
  createdAt: number;
  /** When a user last edited the issue's fields (absent: never since it was created). */
  editedAt?: number;
  deleted?: boolean;
}

export interface JiraFault {
  /** 0-based index of the write the fault hits. */
  at: number;
  mode: 'throw' | 'hang' | 'apply-then-throw';
  status?: number;
  retryAfterSeconds?: number;
}

const PROJECTS: Record<string, string> = { SHOP: '10000', QA: '10002', OPS: '10001' };

/** The names in an issue's `fixVersions` field. */
function fixVersionsOf(issue: FakeIssue): string[] {
  const v = issue.fields.fixVersions;
  return Array.isArray(v) ? v.filter((name): name is string => typeof name === 'string') : [];
}

export class FakeJira implements JiraPort {
  readonly issues: FakeIssue[] = [];
  readonly links: { type: string; inward: string; outward: string }[] = [];
  readonly remoteLinks = new Map<string, Map<string, string>>();
  /** Every write, in order: what it was and the issue it touched. */
  readonly writeLog: { op: string; issue?: string; key?: string }[] = [];
  indexLagMs = 0;
  fault?: JiraFault;
  /** Bulk-create elements whose summary matches are refused, as a field Jira rejects would be. */
  refuseSummary?: RegExp;
  private nextId = 20000;
  private counters: Record<string, number> = {};

  constructor(private readonly now: () => number) {}

  /** An issue created by a user (a story, or one an attacker prepared). */
  seedIssue(projectKey: string, issueType: string, creator = 'user-1', fields: Record<string, unknown> = {}): FakeIssue {
    return this.addIssue(projectKey, issueType, creator, { summary: `${issueType} seeded`, ...fields }, this.now() - 3_600_000);
  }

  private addIssue(projectKey: string, issueType: string, creator: string, fields: Record<string, unknown>, at: number): FakeIssue {
    this.counters[projectKey] = (this.counters[projectKey] ?? 0) + 1;
    const issue: FakeIssue = {
      id: String(this.nextId++),
      key: `${projectKey}-${this.counters[projectKey]}`,
      projectKey,
      projectId: PROJECTS[projectKey] ?? '19999',
      issueType,
      creator,
      fields,
      properties: {},
      createdAt: at,
    };
    this.issues.push(issue);
    return issue;
  }

  /** Writes a property as a user would (no write is counted: this is not the app). */
  userSetsProperty(issueKey: string, key: string, value: unknown, at = this.now() - 3_600_000): void {
    const issue = this.find(issueKey)!;
    (issue.properties[key] ??= []).push({ at, value });
  }

  deleteIssue(issueKey: string): void {
    this.find(issueKey)!.deleted = true;
  }

  find(idOrKey: string): FakeIssue | undefined {
    return this.issues.find((i) => !i.deleted && (i.id === idOrKey || i.key === idOrKey));
  }

  property(idOrKey: string, key: string): unknown {
    const values = this.find(idOrKey)?.properties[key];
    return values?.[values.length - 1]?.value;
  }

  /** Counts a write; answers whether to throw after applying it. */
  private async write(op: string, target?: string): Promise<'apply-then-throw' | undefined> {
    const n = this.writeLog.length;
    this.writeLog.push({ op, ...(target ? { issue: target } : {}) });
    const f = this.fault;
    if (!f || f.at !== n) return undefined;
    if (f.mode === 'hang') await new Promise(() => undefined);
    if (f.mode === 'apply-then-throw') return 'apply-then-throw';
    throw new JiraError(f.status ?? 500, `Jira answered ${f.status ?? 500}`, undefined, f.retryAfterSeconds);
  }

  private lostAnswer(): never {
    throw new JiraError(this.fault?.status ?? 502, `Jira answered ${this.fault?.status ?? 502}`, undefined);
  }

  private existing(idOrKey: string): FakeIssue {
    const issue = this.find(idOrKey);
    if (!issue) throw new JiraError(404, 'Jira answered 404: Issue does not exist or you do not have permission to see it.', undefined);
    return issue;
  }

  /** Issues as the search index shows them: those created at least the lag ago, with their lagged properties. */
  private indexed(): { issue: FakeIssue; prop: (key: string) => unknown }[] {
    const horizon = this.now() - this.indexLagMs;
    return this.issues
      .filter((i) => i.createdAt <= horizon && (!i.deleted || false))
      .map((issue) => ({
        issue,
        prop: (key: string) => {
          const seen = (issue.properties[key] ?? []).filter((v) => v.at <= horizon);
          return seen[seen.length - 1]?.value;
        },
      }));
  }

  async appAccountId() {
    return APP_ACCOUNT;
  }

  async testLinkType(): Promise<LinkType> {
    return { name: 'Test', testIsOutward: true };
  }

  async bulkCreate(inputs: IssueInput[]): Promise<BulkCreateResult> {
    if (inputs.length > 50) throw new JiraError(400, 'Too many issues', undefined);
    const outcome = await this.write('bulkCreate');
    const result: BulkCreateResult = { created: new Map(), failed: new Map() };
    inputs.forEach((input, idx) => {
      const f = input.fields as { summary: string; description: unknown; project: { key: string }; issuetype: { name: string } };
      if (f.summary.length > 255) return result.failed.set(idx, 'summary: Summary must be less than 255 characters.');
      if (JSON.stringify(f.description).length > 32767) return result.failed.set(idx, 'description: The entered text is too long.');
      if (!PROJECTS[f.project.key]) return result.failed.set(idx, 'project: valid project is required');
      if (this.refuseSummary?.test(f.summary)) return result.failed.set(idx, 'customfield_10010: Field is required.');
      const issue = this.addIssue(f.project.key, f.issuetype.name, APP_ACCOUNT, { summary: f.summary, description: f.description, labels: (input.fields as { labels?: unknown }).labels }, this.now());
      for (const p of input.properties ?? []) issue.properties[p.key] = [{ at: this.now(), value: structuredClone(p.value) }];
      result.created.set(idx, { id: issue.id, key: issue.key });
    });
    if (outcome) this.lostAnswer();
    return result;
  }

  async editIssue(issueId: string, fields: Record<string, unknown>) {
    const outcome = await this.write('edit', issueId);
    const issue = this.existing(issueId);
    if (typeof fields.summary === 'string' && fields.summary.length > 255) throw new JiraError(400, 'summary too long', undefined);
    Object.assign(issue.fields, structuredClone(fields));
    if (outcome) this.lostAnswer();
  }

  async addLabel(issueId: string, label: string) {
    const outcome = await this.write('label', issueId);
    const issue = this.existing(issueId);
    issue.fields.labels = [...new Set([...((issue.fields.labels as string[]) ?? []), label])];
    if (outcome) this.lostAnswer();
  }

  async setProperty(idOrKey: string, key: string, value: unknown) {
    const outcome = await this.write(`property:${key}`, idOrKey);
    const issue = this.existing(idOrKey);
    if (JSON.stringify(value).length > 32768) throw new JiraError(400, 'The property value is too long', undefined);
    (issue.properties[key] ??= []).push({ at: this.now(), value: structuredClone(value) });
    if (outcome) this.lostAnswer();
  }

  async setProperties(key: string, entries: { issueId: string; value: unknown }[]) {
    if (entries.length > 100) throw new JiraError(400, 'At most 100 issues', undefined);
    const outcome = await this.write(`properties:${key}`);
    for (const e of entries) {
      const issue = this.find(e.issueId);
      // Jira ignores issues that do not exist.
      if (issue && JSON.stringify(e.value).length <= 32768) (issue.properties[key] ??= []).push({ at: this.now(), value: structuredClone(e.value) });
    }
    if (outcome) this.lostAnswer();
  }

  async upsertRemoteLink(issueId: string, globalId: string, url: string) {
    const outcome = await this.write('remotelink', issueId);
    this.existing(issueId);
    if (!this.remoteLinks.has(issueId)) this.remoteLinks.set(issueId, new Map());
    this.remoteLinks.get(issueId)!.set(globalId, url);
    if (outcome) this.lostAnswer();
  }

  async linkTestToRequirement(type: LinkType, testKey: string, requirementKey: string) {
    const outcome = await this.write('link', testKey);
    this.existing(testKey);
    this.existing(requirementKey);
    // Jira keeps one link of a type between two issues: linking again changes nothing.
    if (!this.links.some((l) => l.type === type.name && l.inward === testKey && l.outward === requirementKey)) {
      this.links.push({ type: type.name, inward: testKey, outward: requirementKey });
    }
    if (outcome) this.lostAnswer();
  }

  async unlinkTestFromRequirement(type: LinkType, testKey: string, requirementKey: string) {
    const i = this.links.findIndex((l) => l.type === type.name && l.inward === testKey && l.outward === requirementKey);
    if (i < 0) return false;
    const outcome = await this.write('unlink', testKey);
    this.links.splice(i, 1);
    if (outcome) this.lostAnswer();
    return true;
  }

  private facts(issue: FakeIssue): IssueFacts {
    return {
      id: issue.id,
      key: issue.key,
      projectId: issue.projectId,
      projectKey: issue.projectKey,
      issueType: issue.issueType,
      creatorAccountId: issue.creator,
      ...(fixVersionsOf(issue).length > 0 ? { fixVersions: fixVersionsOf(issue) } : {}),
    };
  }

  async findBySourceKeys(sourceKeys: string[]) {
    const out = new Map<string, FoundIssue[]>();
    for (const { issue, prop } of this.indexed()) {
      const p = prop('testsync') as { sourceKey?: unknown } | undefined;
      if (typeof p?.sourceKey !== 'string' || !sourceKeys.includes(p.sourceKey) || issue.deleted) continue;
      const linkedKeys = this.links.flatMap((l) => (l.inward === issue.key ? [l.outward] : l.outward === issue.key ? [l.inward] : []));
      out.set(p.sourceKey, [...(out.get(p.sourceKey) ?? []), { ...this.facts(issue), linkedKeys, property: p }]);
    }
    return out;
  }

  async existingIssueIds(ids: string[]) {
    return new Set(this.issues.filter((i) => !i.deleted && ids.includes(i.id)).map((i) => i.id));
  }

  async existingIssueKeys(keys: string[]) {
    return new Set(this.indexed().filter(({ issue }) => !issue.deleted && keys.includes(issue.key)).map(({ issue }) => issue.key));
  }

  async issueFacts(keys: string[]) {
    return new Map(this.indexed().filter(({ issue }) => !issue.deleted && keys.includes(issue.key)).map(({ issue }) => [issue.key, this.facts(issue)]));
  }

  /** A user edits an issue's fields (its fix versions, say): its `updated` time moves. */
  userEditsFields(issueKey: string, fields: Record<string, unknown>): void {
    const issue = this.issues.find((i) => i.key === issueKey && !i.deleted);
    if (!issue) throw new Error(`no issue ${issueKey}`);
    Object.assign(issue.fields, fields);
    issue.editedAt = this.now();
  }

  /** What Jira says of the defects the tools link to runs, by key or id: those a test puts here. */
  readonly knownDefects = new Map<string, DefectState>();

  async defectStates(refs: string[]): Promise<Map<string, DefectState>> {
    return new Map(refs.flatMap((r) => (this.knownDefects.has(r) ? [[r, this.knownDefects.get(r)!] as const] : [])));
  }

  async coveredIssuesUpdatedWithin(minutes: number) {
    const since = this.now() - minutes * 60_000;
    const horizon = this.now() - this.indexLagMs;
    // The search sees an edit only once the index caught up with it; until then the issue's older time.
    const updated = (issue: FakeIssue) => (issue.editedAt !== undefined && issue.editedAt <= horizon ? issue.editedAt : issue.createdAt);
    return this.indexed()
      .filter(({ issue, prop }) => !issue.deleted && prop('testsync-coverage') !== undefined && updated(issue) >= since)
      .map(({ issue }) => issue.key);
  }

  /** Live issues the app created, per source key in their property. */
  appIssuesBySourceKey(): Map<string, FakeIssue[]> {
    const out = new Map<string, FakeIssue[]>();
    for (const issue of this.issues.filter((i) => !i.deleted && i.creator === APP_ACCOUNT)) {
      const sk = (this.property(issue.id, 'testsync') as { sourceKey?: string } | undefined)?.sourceKey ?? '(none)';
      out.set(sk, [...(out.get(sk) ?? []), issue]);
    }
    return out;
  }
}
