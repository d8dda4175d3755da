/**
 * The QMetry simulator's write calls and what the connector reads after them: modification times, run cursors on
 * modification time, deleted cases, the id list over several pages.
 */
import { createQmetryConnector } from '../../src/connectors/qmetry';
import type { Connector } from '../../src/connectors/types';
import { DEMO_API_KEY, DEMO_PROJECT_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { readAllCases, readAllIds, readAllRuns, resetSimulator, testTransport, useSimulator } from '../support/connectors';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
beforeEach(() => resetSimulator(running));

const connector = (): Connector =>
  createQmetryConnector({
    baseUrl: 'https://demo.qmetry.com',
    apiKey: DEMO_API_KEY,
    projectKey: DEMO_PROJECT_KEY,
    ...testTransport(running.fetch, () => clock),
    budget: { limit: 10_000, windowMs: 1000 },
  });
const host = () => running.sim.state.host('demo')!;
const project = () => host().projects.find((p) => p.key === DEMO_PROJECT_KEY)!;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.localBase}/qmetry${path}`, {
    method,
    headers: { 'x-sim-host': 'demo.qmetry.com', apikey: DEMO_API_KEY, project: DEMO_PROJECT_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** Moves the clock past the last change and answers a bound between it and the next change. */
function tick(): string {
  clock += 60_000;
  const since = new Date(clock).toISOString();
  clock += 60_000;
  return since;
}

describe('QMetry simulator writes', () => {
  let created: { id: number; entityKey: string; tcVersionID: number };

  it('POST /rest/testcases creates a case that incremental reads and the id list then hold', async () => {
    const since = tick();
    const res = await call('POST', '/rest/testcases', {
      tcFolderID: String(project().rootFolderIds.TC),
      name: 'Pay with a gift card',
      scope: 'project',
      description: 'Gift cards cover the whole order',
      steps: [
        { orderId: 2, description: 'Pay with the gift card', expectedOutcome: 'The order is placed' },
        { orderId: 1, description: 'Add an item', inputData: 'SKU-1', expectedOutcome: 'The cart holds it' },
      ],
    });
    expect(res.status).toBe(200);
    created = res.json.data[0];
    expect(created).toMatchObject({ entityKey: expect.stringMatching(/^SHOPQA-TC-\d+$/), version: 1 });
    const { items } = await readAllCases(connector(), 'SHOPQA', since);
    expect(items).toEqual([expect.objectContaining({ externalId: String(created.id), displayId: created.entityKey, name: 'Pay with a gift card', version: '1' })]);
    expect(items[0].steps).toEqual([
      { index: 1, action: 'Add an item', data: 'SKU-1', expected: 'The cart holds it' },
      { index: 2, action: 'Pay with the gift card', expected: 'The order is placed' },
    ]);
    expect((await readAllIds(connector(), 'SHOPQA')).items).toContain(String(created.id));
  });

  it('PUT /rest/testcases updates it, in a new version when asked', async () => {
    const since = tick();
    const res = await call('PUT', '/rest/testcases', { tcID: created.id, tcVersionID: created.tcVersionID, withVersion: true, name: 'Pay with two gift cards' });
    expect(res.json.data[0]).toMatchObject({ version: 2, name: 'Pay with two gift cards' });
    const { items } = await readAllCases(connector(), 'SHOPQA', since);
    expect(items.map((i) => [i.externalId, i.name, i.version])).toEqual([[String(created.id), 'Pay with two gift cards', '2']]);
  });

  it('PUT /rest/testcases/link/requirements (and unlink) changes the Jira keys the case covers', async () => {
    const story = host().requirements.find((r) => r.projectId === project().id && r.createdSystem === 'JIRA')!;
    const body = { tcID: created.entityKey, tcVersionId: created.tcVersionID, rqVersionIds: String(story.id) };
    let since = tick();
    expect((await call('PUT', '/rest/testcases/link/requirements', body)).json).toMatchObject({ success: true });
    let { items } = await readAllCases(connector(), 'SHOPQA', since);
    expect(items.map((i) => [i.externalId, i.requirementKeys])).toEqual([[String(created.id), [story.entityKey]]]);
    since = tick();
    expect((await call('PUT', '/rest/testcases/unlink/requirements', body)).status).toBe(200);
    ({ items } = await readAllCases(connector(), 'SHOPQA', since));
    expect(items.map((i) => [i.externalId, i.requirementKeys])).toEqual([[String(created.id), []]]);
  });

  it('PUT /rest/execution/runstatus/bulkupdate sets run statuses, read as modified now', async () => {
    const runs = host().runs.filter((r) => r.executedAt !== undefined).slice(0, 2);
    const sr = runs[0].suiteRunId;
    const pair = host().runs.filter((r) => r.suiteRunId === sr).slice(0, 2);
    const fail = host().statuses.find((s) => s.name === 'Fail')!;
    const since = tick();
    const res = await call('PUT', '/rest/execution/runstatus/bulkupdate', {
      entityIDs: pair.map((r) => r.id).join(','),
      entityType: 'TCR',
      qmTsRunId: String(sr),
      runStatusID: fail.id,
    });
    expect(res.json).toMatchObject({ success: true });
    const { items } = await readAllRuns(connector(), 'SHOPQA', since);
    const now = new Date(clock).toISOString();
    expect(items.map((r) => [r.externalId, r.status, r.updatedAt]).sort()).toEqual(pair.map((r) => [String(r.id), 'Fail', now]).sort());
  });

  it('DELETE /rest/testcases deletes a case: gone from reads, the id list and its runs', async () => {
    const victim = host().testCases.find((c) => c.projectId === project().id && host().runs.some((r) => r.testCaseId === c.id))!;
    expect((await call('DELETE', '/rest/testcases', { tcID: victim.id })).json).toMatchObject({ success: true });
    const c = connector();
    expect((await readAllIds(c, 'SHOPQA')).items).not.toContain(String(victim.id));
    expect(await c.readTestCase('SHOPQA', String(victim.id))).toBeNull();
    expect((await readAllRuns(c, 'SHOPQA')).items.some((r) => r.testCaseExternalId === String(victim.id))).toBe(false);
    expect((await call('DELETE', '/rest/testcases', { tcID: victim.id })).json).toEqual({ error: `Test case ${victim.id} not found`, code: 400 });
  });

  it('lists the ids over several pages of 100', async () => {
    const folder = project().rootFolderIds.TC;
    for (let i = 0; i < 60; i++) running.sim.state.createTestCase('demo', { projectId: project().id, folderId: folder, name: `Bulk ${i}` });
    const expected = host().testCases.filter((c) => c.projectId === project().id).map((c) => String(c.id));
    const { items, pages } = await readAllIds(connector(), 'SHOPQA');
    expect(expected.length).toBeGreaterThan(100);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect([...items].sort()).toEqual([...expected].sort());
  });

  it('answers bodies QMetry would refuse with its 400s', async () => {
    expect((await call('POST', '/rest/testcases', { name: 'No folder' })).json).toEqual({ error: expect.stringMatching(/mandatory fields missing: tcFolderID/), code: 400 });
    expect((await call('POST', '/rest/testcases', { tcFolderID: '1', name: 7 })).json).toMatchObject({ error: expect.stringMatching(/^Invalid json object.*name/), code: 400 });
    expect((await call('POST', '/rest/testcases', { tcFolderID: '1', name: 'x' })).json).toMatchObject({ error: 'Test case folder 1 not found' });
    expect((await call('PUT', '/rest/testcases', { tcID: created.id })).json).toMatchObject({ error: expect.stringMatching(/mandatory fields missing: tcVersionID/) });
    expect((await call('PUT', '/rest/testcases', { tcID: created.id, tcVersionID: 1 })).json).toMatchObject({ error: expect.stringMatching(/^Version 1 of test case/) });
    const link = { tcID: created.entityKey, tcVersionId: created.tcVersionID, rqVersionIds: '999999' };
    expect((await call('PUT', '/rest/testcases/link/requirements', link)).json).toMatchObject({ error: 'Requirement 999999 not found' });
    const run = host().runs[0];
    const status = { entityIDs: String(run.id), entityType: 'TCR', qmTsRunId: String(run.suiteRunId), runStatusID: 999 };
    expect((await call('PUT', '/rest/execution/runstatus/bulkupdate', status)).json).toMatchObject({ error: 'Execution status 999 not found', code: 400 });
    expect((await call('PUT', '/rest/execution/runstatus/bulkupdate', { ...status, entityIDs: 'a,b' })).status).toBe(400);
  });
});
