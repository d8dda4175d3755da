/**
 * The recorded Xray site `contracts/recorded/xray/docs-examples/`, built from the shapes Xray documents, with our
 * own values (a calculator project, as Xray's examples use). `npx tsx local/demo/xray/docs-examples.ts` writes it
 * again; test/integration/recorded-sites.test.ts checks that the committed folder is what this writes.
 *
 * Sources (read 2026-11; see the folder's README.md):
 * - Authentication - REST, https://docs.getxray.app/display/XRAYCLOUD/Authentication+-+REST: `POST /api/v2/authenticate`
 *   with `{ "client_id", "client_secret" }` (32 and 64 hex digits in the example) answers 200 application/json, the
 *   token as a JSON string (a JWT with tenant, iat, exp, aud, iss `com.xpandit.xray`, sub).
 * - GraphQL API, https://docs.getxray.app/display/XRAYCLOUD/GraphQL+API and the schema documentation
 *   https://xray.cloud.getxray.app/doc/graphql/ (contracts/xray/xray_schema.graphql): the `{ total, start, limit,
 *   results }` pages of getTests, getTestExecutions and getTestRuns; Test (issueId, projectId, lastModified, testType { name kind },
 *   steps { id action data result }, gherkin, unstructured, folder { path }, jira(fields), preconditions,
 *   coverableIssues); TestRun (id, status { name }, startedOn, finishedOn, lastModified, executedById, defects, test,
 *   testExecution { issueId jira testEnvironments }); Status (name, description, final, color). A run's `defects` are
 *   Jira issue ids (addDefectsToTestRun answers "Ids of the added Defects").
 * - Jira's REST API, https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/ (which the schema's
 *   `jira(fields)` points to): an issue's `fixVersions` is a list of Version objects (self, id, name, archived,
 *   released, releaseDate).
 * - Test statuses, https://docs.getxray.app/x/EoLiAQ: the built-in PASSED, FAILED, TODO, EXECUTING, ABORTED and
 *   custom ones (name, description, final, color).
 * Xray documents its GraphQL queries, not full answers: the answers are the schema's types filled with our values,
 * `jira(fields)` as Jira's REST answers those fields (a guess for its exact rendering), dates as ISO-8601.
 */
import * as path from 'node:path';
import { expectOf, readLikeTheSync, writeSite } from '../../../scripts/capture';
import { createConnector } from '../../../src/connectors/registry';
import type { FetchLike } from '../../../src/connectors/types';
import { lastPerRequest, recordingFetch } from '../../runtime/recorder';

export const DOCS_SITE_DIR = path.join(__dirname, '..', '..', '..', 'contracts', 'recorded', 'xray', 'docs-examples');
export const DOCS_CLIENT_ID = '6B1F0C2A9D8E4F3A5B7C1D2E3F4A5B6C';
export const DOCS_CLIENT_SECRET = '3c9e1f0a7b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e';
/** A JWT of the documented shape; its signature is not a real one. */
export const DOCS_TOKEN = [
  { alg: 'HS256', typ: 'JWT' },
  { tenant: 'b1d2c3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e', iat: 1772445600, exp: 4102444800, aud: DOCS_CLIENT_ID, iss: 'com.xpandit.xray', sub: DOCS_CLIENT_ID },
]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('not-a-real-signature')
  .join('.');

const PROJECT = { id: '10000', key: 'CALC', name: 'Calculator' };
const jira = (key: string, summary: string, extra: Record<string, unknown> = {}) => ({ key, summary, ...extra });

const TESTS = [
  {
    issueId: '10100', projectId: PROJECT.id, lastModified: '2026-03-02T10:15:00.000Z',
    testType: { name: 'Manual', kind: 'Steps' },
    steps: [
      { id: 'b7a1c3e5-0d2f-4a6b-8c9d-1e2f3a4b5c6d', action: 'Open the calculator', data: '', result: 'The display shows 0' },
      { id: 'c8b2d4f6-1e3a-4b7c-9d0e-2f3a4b5c6d7e', action: 'Enter the sum and press =', data: '2 + 3', result: 'The display shows 5' },
    ],
    gherkin: null, unstructured: null, folder: { path: '/Arithmetic/Addition' },
    jira: jira('CALC-1', 'Sum two positive integers', {
      description: 'Adds two numbers from the keypad.', labels: ['arithmetic', 'smoke'], priority: { name: 'High' },
      updated: '2026-03-02T10:15:00.000+0000', project: PROJECT,
    }),
    preconditions: { total: 1, results: [{ issueId: '10105', definition: 'The calculator app is installed and open', jira: jira('CALC-5', 'Calculator is open') }] },
    coverableIssues: { total: 1, results: [{ issueId: '10107', jira: { key: 'CALC-7' } }] },
  },
  {
    issueId: '10101', projectId: PROJECT.id, lastModified: '2026-03-02T11:00:00.000Z',
    testType: { name: 'Cucumber', kind: 'Gherkin' }, steps: [],
    gherkin: 'Scenario: Divide by zero\n  Given the calculator is open\n  When I divide 1 by 0\n  Then the display shows "Error"',
    unstructured: null, folder: { path: '/Arithmetic/Division' },
    jira: jira('CALC-2', 'Division by zero shows an error', { labels: ['arithmetic'], priority: { name: 'Medium' }, updated: '2026-03-02T11:00:00.000+0000', project: PROJECT }),
    preconditions: { total: 0, results: [] },
    coverableIssues: { total: 2, results: [{ issueId: '10107', jira: { key: 'CALC-7' } }, { issueId: '10108', jira: { key: 'CALC-8' } }] },
  },
  {
    issueId: '10102', projectId: PROJECT.id, lastModified: '2026-03-02T12:30:00.000Z',
    testType: { name: 'Generic', kind: 'Unstructured' }, steps: [], gherkin: null,
    unstructured: 'tests/test_memory.py::test_memory_recall', folder: { path: '/' },
    jira: jira('CALC-3', 'Memory recall keeps the last value', { labels: [], priority: { name: 'Low' }, updated: '2026-03-02T12:30:00.000+0000', project: PROJECT }),
    preconditions: { total: 0, results: [] },
    coverableIssues: { total: 0, results: [] },
  },
];

/** A Version of the project as Jira answers it in an issue's `fixVersions`. */
const VERSION_2_1 = { self: 'https://calc.atlassian.net/rest/api/3/version/10020', id: '10020', name: '2.1', archived: false, released: true, releaseDate: '2026-03-10' };
const EXECUTIONS = {
  '10110': { issueId: '10110', jira: jira('CALC-10', 'Regression, release 2.1', { fixVersions: [VERSION_2_1] }), testEnvironments: ['Chrome'] },
  '10111': { issueId: '10111', jira: jira('CALC-11', 'Nightly automated run', { fixVersions: [] }), testEnvironments: [] },
};
const ACCOUNT = '5f1a2b3c4d5e6f7a8b9c0d1e';
/** The Bug the failed run found: a Jira issue of the site, by id. */
const DEFECT_ID = '10120';
const run = (id: string, test: string, status: string, exec: keyof typeof EXECUTIONS, times: { startedOn?: string; finishedOn?: string; lastModified: string }) => ({
  id, status: { name: status }, startedOn: times.startedOn ?? null, finishedOn: times.finishedOn ?? null, lastModified: times.lastModified,
  executedById: times.startedOn ? ACCOUNT : null, defects: status === 'FAILED' ? [DEFECT_ID] : [], test: { issueId: test, projectId: PROJECT.id },
  testExecution: EXECUTIONS[exec],
});
const RUNS = [
  run('6a1b2c3d4e5f60718293a4b5', '10100', 'PASSED', '10110', { startedOn: '2026-03-03T09:00:00.000Z', finishedOn: '2026-03-03T09:04:00.000Z', lastModified: '2026-03-03T09:04:00.000Z' }),
  run('6a1b2c3d4e5f60718293a4b6', '10101', 'FAILED', '10110', { startedOn: '2026-03-03T09:05:00.000Z', finishedOn: '2026-03-03T09:06:30.000Z', lastModified: '2026-03-03T09:06:30.000Z' }),
  run('6a1b2c3d4e5f60718293a4b7', '10102', 'TODO', '10110', { lastModified: '2026-03-03T08:55:00.000Z' }),
  run('6a1b2c3d4e5f60718293a4b8', '10100', 'RETEST', '10111', { startedOn: '2026-03-04T02:00:00.000Z', lastModified: '2026-03-04T02:01:00.000Z' }),
];

const STATUSES = [
  { name: 'PASSED', description: 'The test run has passed', final: true, color: '#95C160' },
  { name: 'FAILED', description: 'The test run has failed', final: true, color: '#D45D52' },
  { name: 'TODO', description: 'The test run has not started', final: false, color: '#A2A6AE' },
  { name: 'EXECUTING', description: 'The test run is currently being executed', final: false, color: '#F1E069' },
  { name: 'ABORTED', description: 'The test run was aborted', final: true, color: '#111111' },
  { name: 'RETEST', description: 'To run again after a fix (a custom status)', final: false, color: '#B48CD6' },
];

const page = <T>(items: T[], v: { start?: number; limit?: number }) => {
  const start = v.start ?? 0;
  const limit = v.limit ?? 100;
  return { total: items.length, start, limit, results: items.slice(start, start + limit) };
};

/** The answer to each GraphQL operation the connector sends, from the data above. */
function answer(op: string, v: Record<string, any>): unknown {
  switch (op) {
    case 'XrayProjectScan':
      return { getTests: page(TESTS.map((t) => ({ projectId: t.projectId, jira: { project: PROJECT } })), v) };
    case 'XrayStatuses':
      return { getStatuses: STATUSES };
    case 'XrayTestsPage':
      return { getTests: page(TESTS.filter((t) => t.projectId === v.projectId), v) };
    case 'XrayTestIds':
      return { getTests: page(TESTS.filter((t) => t.projectId === v.projectId).map((t) => ({ issueId: t.issueId })), v) };
    case 'XrayTest':
      return { getTest: TESTS.find((t) => t.issueId === v.issueId) ?? null };
    case 'XrayTestExecutionIds':
      return { getTestExecutions: page(v.projectId === PROJECT.id ? Object.keys(EXECUTIONS).map((issueId) => ({ issueId })) : [], v) };
    case 'XrayTestRuns': {
      const tests = v.testIssueIds as string[] | undefined;
      const execs = v.testExecIssueIds as string[] | undefined;
      return { getTestRuns: page(RUNS.filter((r) => (!tests || tests.includes(r.test.issueId)) && (!execs || execs.includes(r.testExecution.issueId))), v) };
    }
    default:
      throw new Error(`The docs-examples site does not answer ${op}`);
  }
}

/** Xray Cloud as documented, answering the requests of the connector from the data above. */
export function docsExamplesFetch(): FetchLike {
  const reply = (status: number, body: string, type = 'application/json') => ({
    status, ok: status < 300, headers: { get: (n: string) => (n.toLowerCase() === 'content-type' ? type : null) }, text: async () => body,
  });
  return async (url, init) => {
    const body = JSON.parse(init?.body ?? '{}') as { client_id?: string; client_secret?: string; operationName?: string; variables?: Record<string, unknown> };
    if (url.endsWith('/api/v2/authenticate')) {
      return body.client_id === DOCS_CLIENT_ID && body.client_secret === DOCS_CLIENT_SECRET
        ? reply(200, JSON.stringify(DOCS_TOKEN))
        : reply(401, JSON.stringify({ error: 'Authentication failed. Invalid client credentials!' }));
    }
    return reply(200, JSON.stringify({ data: answer(body.operationName ?? '', body.variables ?? {}) }));
  };
}

/** Reads the site as the sync does, through a recording fetch, and writes the folder. */
export async function writeDocsExamples(dir = DOCS_SITE_DIR): Promise<void> {
  const recording = recordingFetch(docsExamplesFetch());
  const settings = { region: 'global' as const, clientId: DOCS_CLIENT_ID };
  const connection = { id: 'docs-examples', tool: 'xray' as const, name: 'Xray docs examples', baseUrl: 'https://xray.cloud.getxray.app', settings, enabled: true, connected: true, createdAt: '', updatedAt: '' };
  const reads = await readLikeTheSync(createConnector(connection, { apiToken: DOCS_CLIENT_SECRET }, recording.fetch), PROJECT.id);
  writeSite(dir, lastPerRequest(recording.exchanges).map((x) => ({ source: 'built from the shapes in Xray Cloud\'s documentation with our own values: see README.md', ...x })), {
    tool: 'xray',
    source: "built from Xray Cloud's documented request and answer shapes (Authentication - REST, GraphQL API and its schema, Test statuses) with our own values; see README.md",
    connection: { baseUrl: connection.baseUrl, settings, secret: DOCS_CLIENT_SECRET },
    projectId: PROJECT.id,
    expect: expectOf(reads),
  });
}

if (require.main === module) {
  writeDocsExamples().then(
    () => console.log(`Wrote ${path.relative(process.cwd(), DOCS_SITE_DIR)}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
