/**
 * The QMetry connector against the simulator in each of the four date formats a QMetry project can be set to, and
 * with a format it cannot read: the check names it with its fix, and reads fail naming it instead of guessing dates.
 */
import { createQmetryConnector } from '../../src/connectors/qmetry';
import { DATE_FORMAT_FIX } from '../../src/connectors/qmetry/dates';
import { ConnectorError, type Connector } from '../../src/connectors/types';
import { DEMO_API_KEY, DEMO_DATE_FORMAT_ID, DEMO_PROJECT_KEY } from '../../local/demo/qmetry/generate';
import { startQmetrySimulator } from '../../local/simulators/qmetry/harness';
import { readAllCases, readAllRuns, rejectionOf, resetSimulator, testTransport, useSimulator } from '../support/connectors';

let clock = Date.parse('2026-11-24T09:00:00.000Z');
const running = useSimulator(() => startQmetrySimulator({ seed: 'demo', now: () => clock }));
let saved: unknown;
beforeEach(() => {
  resetSimulator(running);
  saved = running.sim.snapshot();
});
afterEach(() => {
  running.sim.restore(saved);
  clock = Date.parse('2026-11-24T09:00:00.000Z');
  expect(shop().dateFormatId).toBe(DEMO_DATE_FORMAT_ID);
});

const host = () => running.sim.state.host('demo')!;
const shop = () => host().projects.find((p) => p.key === DEMO_PROJECT_KEY)!;
const setFormat = (id: number) => {
  shop().dateFormatId = id;
};
/** A simulator time as QMetry writes it: to the second. */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

const connector = (): Connector =>
  createQmetryConnector({
    baseUrl: 'https://demo.qmetry.com',
    apiKey: DEMO_API_KEY,
    projectKey: DEMO_PROJECT_KEY,
    ...testTransport(running.fetch, () => clock),
    budget: { limit: 10_000, windowMs: 1000 },
  });

describe('QMetry dates in each project format', () => {
  it.each([
    [1, 'MM-dd-yyyy'],
    [2, 'dd-MM-yyyy'],
    [3, 'yyyy-MM-dd'],
    [4, 'dd-MMM-yyyy'],
  ])('reads format %i (%s): every update and execution time exactly, and the incremental cut-off', async (id, name) => {
    setFormat(id);
    const c = connector();
    expect((await c.checkConnection()).message).toContain(`dates in ${name}`);

    const cases = await readAllCases(c, 'SHOPQA');
    const simCases = host().testCases.filter((t) => t.projectId === shop().id);
    expect(cases.items).toHaveLength(simCases.length);
    for (const tc of simCases) {
      expect(cases.items.find((i) => i.displayId === tc.entityKey)?.updatedAt).toBe(iso(tc.versions.at(-1)!.updatedAt));
    }
    const runs = await readAllRuns(c, 'SHOPQA');
    const executed = host().runs.filter((r) => r.executedAt !== undefined);
    expect(executed.length).toBeGreaterThan(100);
    for (const r of executed) expect(runs.items.find((x) => x.externalId === String(r.id))?.executedAt).toBe(iso(r.executedAt!));

    // A day that reads both ways (6 November / 11 June), after every demo edit: only the change after the bound comes back,
    // at its exact time.
    const latest = Math.max(...simCases.map((t) => t.versions.at(-1)!.updatedAt));
    clock = Date.parse('2026-11-06T10:00:00.000Z');
    expect(latest).toBeLessThan(clock - 1000);
    const since = new Date(clock - 1000).toISOString();
    running.sim.state.modifyTestCase('demo', 'SHOPQA-TC-5', { name: `Edited in ${name}` });
    const changed = await readAllCases(c, 'SHOPQA', since);
    expect(changed.items.map((i) => [i.displayId, i.updatedAt])).toEqual([['SHOPQA-TC-5', '2026-11-06T10:00:00.000Z']]);
  });
});

describe('a QMetry project date format the connector cannot read', () => {
  it('is named on the connection check with its fix, and fails every read naming getinfo and the field', async () => {
    setFormat(9);
    const check = await connector().checkConnection();
    expect(check).toMatchObject({ ok: false, cause: 'UNEXPECTED_RESPONSE', fix: DATE_FORMAT_FIX });
    expect(check.message).toBe(
      "QMetry project SHOPQA names date format 9, which getinfo's dateTimeFormatNew does not describe; TestSync reads dates only in MM-dd-yyyy, dd-MM-yyyy, yyyy-MM-dd, dd-MMM-yyyy, so it cannot tell which day QMetry means.",
    );
    expect(check.fix).toMatch(/set the project's date format to one of MM-dd-yyyy, dd-MM-yyyy, yyyy-MM-dd, dd-MMM-yyyy/);

    const c = connector();
    for (const read of [() => c.readTestCases('SHOPQA', {}), () => c.readRuns('SHOPQA', {}), () => c.readTestCase('SHOPQA', String(host().testCases[0].id))]) {
      const e = await rejectionOf(read());
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { endpoint: 'GET /rest/admin/project/getinfo', field: 'dateTimeFormatNew' } });
    }
    // Reading ids needs no date: it still works.
    expect((await c.listTestCaseIds('SHOPQA', {})).items.length).toBeGreaterThan(0);
  });

  it('reads the format again on the next sync: once fixed in QMetry, the same connection reads', async () => {
    const c = connector();
    setFormat(9);
    await expect(c.readTestCases('SHOPQA', {})).rejects.toBeInstanceOf(ConnectorError);
    setFormat(3);
    expect((await c.readTestCases('SHOPQA', {})).items.length).toBeGreaterThan(0);
  });
});
