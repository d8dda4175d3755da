/**
 * The qTest simulator's write endpoints (validated against the v3 Swagger) and what the connector reads after them:
 * modification times, run cursors on modification (not execution) time, deleted cases.
 */
import { createQtestConnector } from '../../src/connectors/qtest';
import type { Connector } from '../../src/connectors/types';
import { DEMO_API_TOKEN } from '../../local/demo/qtest/generate';
import { definitionProblems } from '../../local/simulators/qtest/contract';
import { startQtestSimulator, takeViolations } from '../../local/simulators/qtest/harness';
import { readAllCases, readAllIds, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const running = useSimulator(() => startQtestSimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));
// Every request sent was one qTest's Swagger allows, and every answer matched it (the spec gate checks answers too).
afterEach(() => expect(takeViolations(running.sim)).toEqual([]));

const connector = (): Connector =>
  createQtestConnector({ baseUrl: 'https://demo.qtestnet.com', auth: { kind: 'token', token: DEMO_API_TOKEN }, ...testTransport(running.fetch, () => clock) });
const site = () => running.sim.state.site('demo')!;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.localBase}/qtest/api/v3/projects/101${path}`, {
    method,
    headers: {
      'x-sim-host': 'demo.qtestnet.com',
      Authorization: `Bearer ${DEMO_API_TOKEN}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/** Moves the clock past the last change and answers a bound between it and the next change. */
function tick(): string {
  clock += 60_000;
  const since = new Date(clock).toISOString();
  clock += 60_000;
  return since;
}

describe('qTest simulator writes', () => {
  let caseId: number;

  it('creates a test case (POST /test-cases) that incremental reads and the id list then hold', async () => {
    const since = tick();
    const created = await call('POST', '/test-cases', {
      name: 'Pay with a gift card',
      description: 'Gift cards cover the whole order',
      properties: [{ field_id: 9003, field_name: 'Priority', field_value_name: 'High' }],
      test_steps: [
        { description: 'Add an item to the cart', expected: 'The cart holds it' },
        { description: 'Pay with a gift card', expected: 'The order is placed' },
      ],
    });
    expect(created.status).toBe(200);
    expect(definitionProblems('TestCaseWithCustomFieldResource', created.json)).toEqual([]);
    caseId = created.json.id as number;
    expect(created.json).toMatchObject({ name: 'Pay with a gift card', version: '1.0', last_modified_date: new Date(clock).toISOString() });

    const { items } = await readAllCases(connector(), '101', since);
    expect(items).toEqual([
      expect.objectContaining({ externalId: String(caseId), name: 'Pay with a gift card', priority: 'High', folderPath: 'Created via API' }),
    ]);
    expect(items[0].steps.map((s) => s.action)).toEqual(['Add an item to the cart', 'Pay with a gift card']);
    expect((await readAllIds(connector(), '101')).items).toContain(String(caseId));
  });

  it('updates it (PUT /test-cases/{id}): a new version, seen by the next incremental read', async () => {
    const since = tick();
    const updated = await call('PUT', `/test-cases/${caseId}`, {
      name: 'Pay with a gift card and a card',
      properties: [],
      test_steps: [{ description: 'Split the payment', expected: 'Both are charged' }],
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ version: '1.1', name: 'Pay with a gift card and a card' });
    const { items } = await readAllCases(connector(), '101', since);
    expect(items.map((i) => [i.externalId, i.name, i.steps.length, i.version])).toEqual([[String(caseId), 'Pay with a gift card and a card', 1, '1.1']]);
  });

  it('links and unlinks a requirement (POST/DELETE /requirements/{id}/link?type=test-cases)', async () => {
    const req = site().requirements.find((r) => r.projectId === 101)!;
    let since = tick();
    const linked = await call('POST', `/requirements/${req.id}/link?type=test-cases`, [caseId, 999_999]);
    expect(linked.status).toBe(200);
    expect(definitionProblems('LinkedArtifactContainer', (linked.json as unknown as unknown[])[0])).toEqual([]);
    let { items } = await readAllCases(connector(), '101', since);
    expect(items.map((i) => [i.externalId, i.requirementKeys])).toEqual([[String(caseId), [req.jiraKey]]]);

    since = tick();
    expect((await call('DELETE', `/requirements/${req.id}/link?type=test-cases`, [caseId])).status).toBe(200);
    ({ items } = await readAllCases(connector(), '101', since));
    expect(items.map((i) => [i.externalId, i.requirementKeys])).toEqual([[String(caseId), []]]);
  });

  it('submits a test log after the fact: the run is read as modified now, executed then', async () => {
    const run = site().runs.find((r) => r.projectId === 101 && r.logs.length > 0)!;
    const since = tick();
    const executed = '2026-11-15T08:00:00.000Z';
    const log = await call('POST', `/test-runs/${run.id}/test-logs`, {
      status: { name: 'Failed' },
      exe_start_date: executed,
      exe_end_date: '2026-11-15T08:05:00.000Z',
      note: 'Found on the staging build',
    });
    expect(log.status).toBe(201);
    expect(definitionProblems('TestLogResource', log.json)).toEqual([]);
    expect(log.json).toMatchObject({ test_run_id: run.id, status: { name: 'Failed' } });

    // The run is read again with every one of its executions; the new one executed then (its end time), modified now.
    const { items } = await readAllRuns(connector(), '101', since);
    expect(items.map((r) => r.externalId)).toEqual(run.logs.map((l) => `${run.id}:${l.id}`));
    expect(items[items.length - 1]).toMatchObject({
      externalId: `${run.id}:${log.json.id}`,
      status: 'Failed',
      executedAt: '2026-11-15T08:05:00.000Z',
      updatedAt: new Date(clock).toISOString(),
      executedBy: 'demo@example.com',
    });
    expect((await readAllRuns(connector(), '101', new Date(clock + 1).toISOString())).items).toEqual([]);
  });

  it('deletes a test case (DELETE /test-cases/{id}): gone from reads, the id list and its runs', async () => {
    const victim = site().cases.find((c) => c.projectId === 101 && site().runs.some((r) => r.testCaseId === c.id))!;
    expect((await call('DELETE', `/test-cases/${victim.id}`)).status).toBe(200);
    expect((await call('DELETE', `/test-cases/${victim.id}`)).status).toBe(404);
    const c = connector();
    expect((await readAllIds(c, '101')).items).not.toContain(String(victim.id));
    expect(await c.readTestCase('101', String(victim.id))).toBeNull();
    expect((await readAllRuns(c, '101')).items.some((r) => r.testCaseExternalId === String(victim.id))).toBe(false);
  });

  it('refuses bodies the Swagger refuses, and unknown records', async () => {
    const noProps = await call('POST', '/test-cases', { name: 'No properties' });
    expect(noProps).toMatchObject({ status: 400, json: { message: expect.stringMatching(/required property 'properties'/) } });
    expect((await call('POST', '/test-cases', { name: 42, properties: [] })).status).toBe(400);
    expect((await call('POST', '/test-cases', { properties: [] })).json.message).toMatch(/name is required/);
    expect((await call('POST', '/test-cases', { name: 'x', parent_id: 1, properties: [] })).json.message).toMatch(/Module not found/);
    expect((await call('PUT', '/test-cases/1', { name: 'x', properties: [] })).status).toBe(404);
    const run = site().runs.find((r) => r.projectId === 101)!;
    expect((await call('POST', `/test-runs/${run.id}/test-logs`, { status: 'Passed' })).status).toBe(400);
    const unknownStatus = await call('POST', `/test-runs/${run.id}/test-logs`, {
      status: { name: 'Exploded' },
      exe_start_date: '2026-11-15T08:00:00Z',
      exe_end_date: '2026-11-15T08:00:00Z',
    });
    expect(unknownStatus).toMatchObject({ status: 400, json: { message: 'Status is invalid: Exploded' } });
    expect((await call('POST', '/requirements/1/link?type=test-cases', ['a'])).status).toBe(400);
    expect((await call('POST', '/widgets/1/link?type=test-cases', [1])).status).toBe(400);
    // What the Swagger refuses was recorded as a violation (bodies, and `widgets`, outside the objectType enum); the
    // rest was refused by qTest's own rules.
    expect(takeViolations(running.sim).map((v) => [v.kind, v.operationId])).toEqual([
      ['request-body', 'createTestCase'],
      ['request-body', 'createTestCase'],
      ['request-body', 'submitTestLog'],
      ['request-body', 'linkArtifacts'],
      ['request-path-params', 'linkArtifacts'],
    ]);
  });
});
