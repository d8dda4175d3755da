/** Mutable state of the simulated site with lookups and permission checks. */
import { SimClock } from './clock';
import { issueNotFound } from './errors';
import { SearchIndex } from './index-lag';
import { canBrowse, canEdit, cannotEdit, isAdmin } from './permissions';
import type { IndexedProperty, Principal, SimIssue, SimProject, SimState, SimUser } from './types';

export class JiraStore {
  readonly clock: SimClock;
  /** What JQL searches see; lags behind the data when the `indexLagMs` fault control is set. */
  readonly index = new SearchIndex();
  /** Asynchronous tasks (bulk property writes), by id; not part of snapshots. */
  readonly tasks = new Map<string, { id: string; status: 'COMPLETE' | 'FAILED'; started: number; finished: number; result: unknown; message: string }>();

  constructor(
    public data: SimState,
    readonly indexedProperties: IndexedProperty[],
    /** Base of `self` links and task locations; the local server sets it to its own address once it listens. */
    public siteUrl: string,
  ) {
    this.clock = new SimClock(() => this.data.clock);
  }

  get issues(): SimIssue[] {
    return this.data.issues;
  }

  get projects(): SimProject[] {
    return this.data.projects;
  }

  user(accountId: string): SimUser | undefined {
    return this.data.users.find((u) => u.accountId === accountId);
  }

  /** Finds a project by id or key (keys are case-insensitive, as in Jira). */
  project(idOrKey: string): SimProject | undefined {
    const upper = idOrKey.toUpperCase();
    return this.data.projects.find((p) => p.id === idOrKey || p.key === upper);
  }

  projectOf(issue: SimIssue): SimProject {
    const project = this.data.projects.find((p) => p.id === issue.projectId);
    if (!project) throw new Error(`Issue ${issue.key} belongs to no project`);
    return project;
  }

  issueType(project: SimProject, id: string) {
    return project.issueTypes.find((t) => t.id === id);
  }

  /** Finds an issue by id or key, without permission checks. */
  findIssue(idOrKey: string): SimIssue | undefined {
    const upper = idOrKey.toUpperCase();
    return this.data.issues.find((i) => i.id === idOrKey || i.key === upper);
  }

  canBrowse(principal: Principal, project: SimProject): boolean {
    return canBrowse(principal, project);
  }

  isAdmin(principal: Principal): boolean {
    return isAdmin(principal);
  }

  /** Finds an issue the caller may browse, or throws Jira's 404. */
  visibleIssue(principal: Principal, idOrKey: string): SimIssue {
    const issue = this.findIssue(idOrKey);
    if (!issue || !this.canBrowse(principal, this.projectOf(issue))) throw issueNotFound();
    return issue;
  }

  /** Finds an issue the caller may browse and edit: Jira's 404 when it cannot browse it, 403 when it cannot edit. */
  editableIssue(principal: Principal, idOrKey: string): SimIssue {
    const issue = this.visibleIssue(principal, idOrKey);
    if (!canEdit(principal, this.projectOf(issue))) throw cannotEdit();
    return issue;
  }

  /** Records a change to the issue at a new clock tick. */
  touch(issue: SimIssue): void {
    issue.updated = this.clock.tick();
  }

  /** Adds a new issue (and tells the search index). */
  addIssue(issue: SimIssue): void {
    this.data.issues.push(issue);
    this.index.created(issue.id);
  }

  /** Removes an issue with its properties, issue links and remote links; its children lose their parent. */
  deleteIssue(issue: SimIssue): void {
    this.index.willChange(issue);
    for (const child of this.data.issues.filter((i) => i.parentId === issue.id)) {
      this.index.willChange(child);
      delete child.parentId;
    }
    this.data.issues = this.data.issues.filter((i) => i.id !== issue.id);
    this.data.links = this.data.links.filter((l) => l.inwardIssueId !== issue.id && l.outwardIssueId !== issue.id);
    this.data.remoteLinks = this.data.remoteLinks.filter((l) => l.issueId !== issue.id);
  }

  nextIssueId(): string {
    return String(this.data.counters.issueId++);
  }

  nextIssueKey(project: SimProject): string {
    const counters = this.data.counters.issueNumber;
    const n = counters[project.key] ?? 1;
    counters[project.key] = n + 1;
    return `${project.key}-${n}`;
  }

  url(path: string): string {
    return `${this.siteUrl}${path}`;
  }

  /** Indexed paths declared for a property key. */
  indexedFor(propertyKey: string): IndexedProperty[] {
    return this.indexedProperties.filter((p) => p.propertyKey === propertyKey);
  }

  byAlias(alias: string): IndexedProperty | undefined {
    const lower = alias.toLowerCase();
    return this.indexedProperties.find((p) => p.searchAlias?.toLowerCase() === lower);
  }
}
