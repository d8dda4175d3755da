/**
 * The Xray simulator's mutations (from Xray's GraphQL schema) and what the connector reads after them: modification
 * times, run cursors on modification (not execution) time, deleted tests.
 */
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { createXrayConnector } from '../../src/connectors/xray';
import type { Connector } from '../../src/connectors/types';
import { DEMO_ANCHOR, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import { startXraySimulator } from '../../local/simulators/xray/harness';
import { SERVED_MUTATIONS } from '../../local/simulators/xray/mutations';
import { SCHEMA_PATH } from '../../local/simulators/xray/schema';
import { readAllCases, readAllIds, readAllRuns, resetSimulator, testTransport, useSimulator, xrayDemoToken } from '../support/connectors';

let clock = DEMO_ANCHOR;
const running = useSimulator(() => startXraySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));

const connector = (): Connector =>
  createXrayConnector({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, ...testTransport(running.fetch, () => clock) });
const tenant = () => running.sim.state.tenant('demo');

let token: string | undefined;
async function gql(query: string, variables: Record<string, unknown> = {}) {
  token ??= await xrayDemoToken(running.fetch);
  const res = await running.fetch('https://xray.cloud.getxray.app/api/v2/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...(JSON.parse(await res.text()) as { data?: any; errors?: Array<{ message: string }> }) };
}

/** Moves the clock past the last change and answers a bound between it and the next change. */
function tick(): string {
  clock += 60_000;
  const since = new Date(clock).toISOString();
  clock += 60_000;
  return since;
}

const CREATE = `
mutation Create($jira: JSON!, $testType: UpdateTestTypeInput, $steps: [CreateStepInput], $folderPath: String, $gherkin: String) {
  createTest(jira: $jira, testType: $testType, steps: $steps, folderPath: $folderPath, gherkin: $gherkin) {
    test { issueId projectId testType { name kind } steps { action data result } folder { path } jira(fields: ["key", "summary", "labels"]) }
    warnings
  }
}`;

describe('Xray simulator mutations', () => {
  let created: { issueId: string; key: string };

  it('serves only mutations of Xray’s schema', () => {
    const fields = Object.keys(buildSchema(readFileSync(SCHEMA_PATH, 'utf8')).getMutationType()!.getFields());
    for (const m of SERVED_MUTATIONS) expect(fields).toContain(m);
  });

  it('createTest: a Manual test with steps that incremental reads and the id list then hold', async () => {
    const since = tick();
    const res = await gql(CREATE, {
      jira: { fields: { summary: 'Pay with a gift card', project: { key: 'QA' }, labels: ['payments'] } },
      testType: { name: 'Manual' },
      steps: [{ action: 'Add an item', data: 'SKU-1', result: 'In the cart' }, { action: 'Pay with a gift card', result: 'Order placed' }],
      folderPath: 'Checkout/Gift cards',
    });
    expect(res.errors).toBeUndefined();
    const test = res.data.createTest.test;
    created = { issueId: test.issueId, key: test.jira.key };
    expect(test).toMatchObject({ projectId: '10002', testType: { name: 'Manual', kind: 'Steps' }, folder: { path: '/Checkout/Gift cards' } });
    expect(created.key).toMatch(/^QA-\d+$/);

    const { items } = await readAllCases(connector(), 'QA', since);
    expect(items).toEqual([
      expect.objectContaining({ externalId: created.issueId, displayId: created.key, name: 'Pay with a gift card', labels: ['payments'], folderPath: 'Checkout/Gift cards' }),
    ]);
    expect(items[0].steps).toEqual([
      { index: 1, action: 'Add an item', data: 'SKU-1', expected: 'In the cart' },
      { index: 2, action: 'Pay with a gift card', expected: 'Order placed' },
    ]);
    expect((await readAllIds(connector(), 'QA')).items).toContain(created.issueId);
  });

  it('addTestStep, removeAllTestSteps and updateTestFolder change the test and its modification time', async () => {
    let since = tick();
    const added = await gql(`mutation { addTestStep(issueId: "${created.issueId}", step: { action: "Check the email", result: "Receipt sent" }) { id action } }`);
    expect(added.data.addTestStep).toMatchObject({ action: 'Check the email' });
    let { items } = await readAllCases(connector(), 'QA', since);
    expect(items.map((i) => [i.externalId, i.steps.length])).toEqual([[created.issueId, 3]]);

    since = tick();
    expect((await gql(`mutation { removeAllTestSteps(issueId: "${created.issueId}") }`)).errors).toBeUndefined();
    expect((await gql(`mutation { updateTestFolder(issueId: "${created.issueId}", folderPath: "/Checkout") }`)).errors).toBeUndefined();
    ({ items } = await readAllCases(connector(), 'QA', since));
    expect(items.map((i) => [i.externalId, i.steps.length, i.folderPath])).toEqual([[created.issueId, 0, 'Checkout']]);
  });

  it('updateTestRunStatus: a run changed now is read as modified now, its execution time kept', async () => {
    const run = tenant().runs.find((r) => r.status === 'PASSED' && r.startedOn !== undefined && r.execIssueId !== null)!;
    const startedOn = new Date(run.startedOn!).toISOString();
    const since = tick();
    const res = await gql('mutation Set($id: String!, $status: String!) { updateTestRunStatus(id: $id, status: $status) }', { id: run.id, status: 'FAILED' });
    expect(res.errors).toBeUndefined();
    const { items } = await readAllRuns(connector(), 'QA', since);
    expect(items).toEqual([
      expect.objectContaining({ externalId: run.id, status: 'FAILED', executedAt: startedOn, updatedAt: new Date(clock).toISOString() }),
    ]);
    expect((await readAllRuns(connector(), 'QA', new Date(clock + 1000).toISOString())).items).toEqual([]);
  });

  it('updateTestRun: setting times after the fact is a modification too', async () => {
    const run = tenant().runs.find((r) => r.status === 'TODO')!;
    const since = tick();
    const res = await gql(`mutation { updateTestRun(id: "${run.id}", startedOn: "2025-05-01T10:00:00Z", finishedOn: "2025-05-01T10:05:00Z") { warnings } }`);
    expect(res.data.updateTestRun).toEqual({ warnings: [] });
    const { items } = await readAllRuns(connector(), 'QA', since);
    expect(items.map((r) => [r.externalId, r.executedAt, r.updatedAt])).toEqual([
      [run.id, '2025-05-01T10:00:00.000Z', new Date(clock).toISOString()],
    ]);
  });

  it('deleteTest: gone from reads, the id list and its runs', async () => {
    const victim = tenant().tests.find((t) => tenant().runs.some((r) => r.testIssueId === t.issueId))!;
    expect((await gql(`mutation { deleteTest(issueId: "${victim.issueId}") }`)).errors).toBeUndefined();
    const c = connector();
    expect((await readAllIds(c, 'QA')).items).not.toContain(victim.issueId);
    expect(await c.readTestCase('QA', victim.issueId)).toBeNull();
    expect((await readAllRuns(c, 'QA')).items.some((r) => r.testCaseExternalId === victim.issueId)).toBe(false);
    expect((await gql(`mutation { deleteTest(issueId: "${victim.issueId}") }`)).errors?.[0].message).toMatch(/not found/);
  });

  it('refuses what the schema refuses (400) and what Xray would (GraphQL errors)', async () => {
    const noJira = await gql('mutation { createTest(testType: { name: "Manual" }) { warnings } }');
    expect(noJira.status).toBe(400);
    expect(noJira.errors?.[0].message).toMatch(/argument "jira"/);
    const cucumberSteps = await gql(CREATE, {
      jira: { fields: { summary: 'x', project: { key: 'QA' } } },
      testType: { name: 'Cucumber' },
      steps: [{ action: 'a' }],
    });
    expect(cucumberSteps.errors?.[0].message).toMatch(/Steps can only be defined for Manual tests/);
    expect((await gql(CREATE, { jira: { fields: { summary: 'x', project: { key: 'LEG' } } } })).errors?.[0].message).toMatch(/Project LEG was not found/);
    expect((await gql(CREATE, { jira: { fields: { project: { key: 'QA' } } } })).errors?.[0].message).toMatch(/summary is mandatory/);
    const run = tenant().runs[0];
    expect((await gql(`mutation { updateTestRunStatus(id: "${run.id}", status: "EXPLODED") }`)).errors?.[0].message).toMatch(/does not exist/);
    expect((await gql('mutation { resetTestRun(id: "x") }')).errors?.[0].message).toMatch(/resetTestRun is not served/);
  });
});
