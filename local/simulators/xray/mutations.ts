/**
 * Resolvers of the Mutation fields the simulator serves, so tests and users can change the demo data through Xray's
 * own GraphQL API (names, arguments and result types from contracts/xray/xray_schema.graphql; graphql-js has already
 * validated and coerced the arguments against it): createTest, deleteTest, updateTestRunStatus, updateTestRun,
 * addTestStep, removeAllTestSteps, updateTestFolder. Every one stamps what it changed with the clock (Test and Test Run
 * `lastModified`), so getTests / getTestRuns with `modifiedSince` see it.
 *
 * Xray's schema has no mutation for requirement coverage: a Test covers a story through a Jira issue link ("Test",
 * outward "tests") made with Jira's REST API. The simulator keeps coverage as data (`state.modifyTest(…, { covers })`).
 *
 * Guesses (the schema types them, Xray's docs do not show them): the String answers of deleteTest,
 * updateTestRunStatus, removeAllTestSteps and updateTestFolder, and the error messages.
 */
import type { XraySimState } from './state';
import type { SimTest, TenantData } from './types';

type Args = Record<string, unknown>;
/** Xray Cloud's built-in Test Types: name → kind of definition. */
const TEST_TYPES: Record<string, SimTest['kind']> = { manual: 'Manual', cucumber: 'Cucumber', generic: 'Generic' };
const TYPE_BY_ID: Record<string, SimTest['kind']> = { '1': 'Manual', '2': 'Cucumber', '3': 'Generic' };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface JiraInput {
  summary: string;
  projectIdOrKey: string;
  description?: string;
  labels?: string[];
  priority?: string;
}

/** The Jira fields of createTest's `jira` argument (`{ fields: { summary, project: { key | id }, … } }`, as Jira's create issue). */
function jiraFields(jira: unknown): JiraInput {
  const fields = (jira as { fields?: Record<string, unknown> } | null)?.fields;
  if (!fields || typeof fields !== 'object') throw new Error('jira.fields is mandatory.');
  const summary = str(fields.summary)?.trim();
  if (!summary) throw new Error('jira.fields.summary is mandatory.');
  const project = fields.project as { key?: unknown; id?: unknown } | undefined;
  const projectIdOrKey = str(project?.key) ?? str(project?.id);
  if (!projectIdOrKey) throw new Error('jira.fields.project (key or id) is mandatory.');
  const labels = Array.isArray(fields.labels) ? fields.labels.filter((l): l is string => typeof l === 'string') : undefined;
  return {
    summary,
    projectIdOrKey,
    ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
    ...(labels ? { labels } : {}),
    ...(str((fields.priority as { name?: unknown } | undefined)?.name) ? { priority: str((fields.priority as { name?: unknown }).name) } : {}),
  };
}

function kindOf(testType: unknown): SimTest['kind'] {
  if (testType === undefined || testType === null) return 'Manual';
  const t = testType as { id?: unknown; name?: unknown };
  const kind = (str(t.name) && TEST_TYPES[String(t.name).toLowerCase()]) || (str(t.id) && TYPE_BY_ID[String(t.id)]);
  if (!kind) throw new Error(`Test Type ${String(t.name ?? t.id)} does not exist.`);
  return kind;
}

const steps = (list: unknown): Array<[string, string, string]> =>
  ((list as Array<Record<string, unknown> | null> | undefined) ?? [])
    .filter((s): s is Record<string, unknown> => s !== null)
    .map((s) => [str(s.action) ?? '', str(s.data) ?? '', str(s.result) ?? '']);

/** The message of a write the key's user may not make (a guess: Xray documents no such error). */
export const RUN_EDIT_DENIED = 'User does not have permission to edit the Test Run.';

/**
 * The mutation resolvers over one tenant. `view(issueId)` answers the Test as the query resolvers render it (for
 * createTest's result). `caller.readOnly`: the API key's user may not edit Test Runs.
 */
export function createMutationResolvers(
  state: XraySimState,
  tenantId: string,
  view: (tenant: TenantData, issueId: string) => unknown,
  caller: { readOnly?: boolean } = {},
) {
  const tenant = () => state.tenant(tenantId);
  const test = (issueId: unknown): SimTest => {
    const t = tenant().tests.find((x) => x.issueId === issueId);
    if (!t) throw new Error(`Test with id ${String(issueId)} not found.`);
    return t;
  };
  const touch = (t: SimTest) => {
    t.lastModified = Math.max(state.now(), t.lastModified + 1);
  };
  const runOf = (id: unknown) => {
    const r = tenant().runs.find((x) => x.id === id);
    if (!r) throw new Error(`Test Run with id ${String(id)} not found.`);
    return r;
  };
  /** A run the caller is about to change. */
  const editableRun = (id: unknown) => {
    const r = runOf(id);
    if (caller.readOnly) throw new Error(RUN_EDIT_DENIED);
    return r;
  };

  return {
    createTest(args: Args) {
      const jira = jiraFields(args.jira);
      const project = tenant().projects.find((p) => p.id === jira.projectIdOrKey || p.key.toUpperCase() === jira.projectIdOrKey.toUpperCase());
      if (!project || project.archived) throw new Error(`Project ${jira.projectIdOrKey} was not found.`);
      const kind = kindOf(args.testType);
      if (kind !== 'Manual' && Array.isArray(args.steps) && args.steps.length) throw new Error(`Steps can only be defined for Manual tests, not ${kind}.`);
      if (kind !== 'Cucumber' && args.gherkin != null) throw new Error(`A gherkin definition is only valid for Cucumber tests, not ${kind}.`);
      if (kind !== 'Generic' && args.unstructured != null) throw new Error(`An unstructured definition is only valid for Generic tests, not ${kind}.`);
      const preconditionIds = ((args.preconditionIssueIds as string[] | null | undefined) ?? []).filter((x) => x);
      for (const id of preconditionIds) {
        if (!tenant().preconditions.some((p) => p.issueId === id)) throw new Error(`Precondition with id ${id} not found.`);
      }
      const t = state.createTest(tenantId, {
        projectId: project.id,
        summary: jira.summary,
        ...(jira.description !== undefined ? { description: jira.description } : {}),
        ...(jira.labels ? { labels: jira.labels } : {}),
        ...(jira.priority ? { priority: jira.priority } : {}),
        kind,
        steps: steps(args.steps),
        ...(str(args.gherkin) !== undefined ? { gherkin: str(args.gherkin) } : {}),
        ...(str(args.unstructured) !== undefined ? { unstructured: str(args.unstructured) } : {}),
        ...(str(args.folderPath) ? { folder: normalisedFolder(String(args.folderPath)) } : {}),
        preconditionIds,
      });
      return { test: view(tenant(), t.issueId), warnings: [] };
    },

    deleteTest(args: Args) {
      const t = test(args.issueId);
      state.deleteTest(tenantId, t.issueId);
      return `Test ${t.key} was deleted.`;
    },

    updateTestRunStatus(args: Args) {
      const run = editableRun(args.id);
      const status = tenant().statuses.find((s) => s.name.toUpperCase() === String(args.status).toUpperCase());
      if (!status) throw new Error(`Status ${String(args.status)} does not exist.`);
      state.setRunStatus(tenantId, run.id, status.name);
      return 'Test Run status updated.';
    },

    updateTestRun(args: Args) {
      const run = editableRun(args.id);
      const time = (v: unknown, name: string) => {
        if (v === undefined || v === null) return undefined;
        const t = Date.parse(String(v));
        if (Number.isNaN(t)) throw new Error(`${name} is not a valid date: ${String(v)}`);
        return t;
      };
      const startedOn = time(args.startedOn, 'startedOn');
      const finishedOn = time(args.finishedOn, 'finishedOn');
      state.updateRun(tenantId, run.id, {
        ...(startedOn !== undefined ? { startedOn } : {}),
        ...(finishedOn !== undefined ? { finishedOn } : {}),
        ...(str(args.executedById) ? { executedById: str(args.executedById) } : {}),
      });
      return { warnings: [] };
    },

    /**
     * Adds defects to a run: each of `issues` is an issue id (taken as an issue of the tenant's Jira site: the simulator
     * does not see it) or a key it knows (a Test, a Test Execution, or one of `jiraIssues`); anything else, and an issue
     * the run has already, is a warning (their wording is a guess). Answers the ids added.
     */
    addDefectsToTestRun(args: Args) {
      const run = editableRun(args.id);
      const t = tenant();
      const known = [...t.tests, ...t.executions, ...(t.jiraIssues ?? []).map((i) => ({ issueId: i.id, key: i.key }))];
      const warnings: string[] = [];
      const ids: string[] = [];
      for (const raw of (args.issues as Array<string | null>).filter((x): x is string => typeof x === 'string')) {
        const ref = raw.trim();
        const id = /^\d+$/.test(ref) ? ref : known.find((i) => i.key.toUpperCase() === ref.toUpperCase())?.issueId;
        if (!id) warnings.push(`Issue with key ${ref} was not found.`);
        else if ((run.defects ?? []).includes(id)) warnings.push(`Issue ${ref} is already a defect of the Test Run.`);
        else ids.push(id);
      }
      return { addedDefects: state.addDefects(tenantId, run.id, ids), warnings };
    },

    addTestStep(args: Args) {
      const t = test(args.issueId);
      if (t.kind !== 'Manual') throw new Error(`Steps can only be added to Manual tests, not ${t.kind}.`);
      const [[action, data, result]] = steps([args.step]);
      const step = { id: String(tenant().nextId++), action, data, result };
      t.steps.push(step);
      touch(t);
      return { ...step, attachments: [], customFields: [] };
    },

    removeAllTestSteps(args: Args) {
      const t = test(args.issueId);
      t.steps = [];
      touch(t);
      return 'All steps were removed.';
    },

    updateTestFolder(args: Args) {
      const t = test(args.issueId);
      t.folder = normalisedFolder(String(args.folderPath));
      touch(t);
      return 'Test folder updated.';
    },
  };
}

/** `Checkout/Payments/` → `/Checkout/Payments`; the root is `/`. */
function normalisedFolder(path: string): string {
  const parts = path.split('/').map((p) => p.trim()).filter(Boolean);
  return `/${parts.join('/')}`;
}

export const SERVED_MUTATIONS = [
  'createTest',
  'deleteTest',
  'updateTestRunStatus',
  'updateTestRun',
  'addTestStep',
  'removeAllTestSteps',
  'updateTestFolder',
  'addDefectsToTestRun',
] as const;
