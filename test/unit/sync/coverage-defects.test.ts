/**
 * A requirement's defects from the test tools: the issues a tool links to the latest run of a covering test count for
 * the requirement's readiness in the coverage property (JQL) as an open Bug linked to it does. Jira is asked whether
 * they are open once per coverage computation; a rate limit pauses the run, any other failure is a warning and the
 * defects block nothing until a later sync can ask; a defect done in Jira unblocks the requirement at the next sync.
 */
import { JiraError } from '../../../src/jira/client';
import type { DefectState } from '../../../src/jira/issues';
import { recheckDefects, refreshCoverages, type CoverageProperty } from '../../../src/sync/coverage';
import type { RunRecord } from '../../../src/sync/run-store';
import { createWorld, type World } from '../../support/engine/world';

let w: World;
let states: Map<string, DefectState>;
let lookups: string[][];
let failWith: unknown;

const OPS1 = { id: '10060', key: 'OPS-1', open: true };

beforeEach(async () => {
  w = await createWorld();
  states = new Map([
    ['OPS-1', OPS1],
    ['10060', OPS1],
  ]);
  lookups = [];
  failWith = undefined;
  // The bulk look-up the Forge port makes with a JQL search: what Jira knows of each reference.
  Object.assign(w.jira, {
    async defectStates(refs: string[]) {
      lookups.push([...refs].sort());
      if (failWith) throw failWith;
      return new Map(refs.flatMap((r) => (states.has(r) ? [[r, states.get(r)!] as const] : [])));
    },
  });
  expect((await w.sync())?.state).toBe('succeeded');
  lookups = [];
});
afterEach(() => w.close());

const coverage = (key: string) => w.jira.property(key, 'testsync-coverage') as CoverageProperty;
const watches = () => w.kv.keys('defwatch:');

/** A new run of a case, passed, with these defects linked to it in its tool. */
function passedWith(caseId: string, defects: string[]): void {
  w.advance(60_000);
  Object.assign(w.tool.addRun(caseId, 'Passed'), defects.length > 0 ? { defects } : {});
}

async function sync(): Promise<RunRecord> {
  w.advance(60_000);
  const run = await w.sync();
  expect(run?.state).toBe('succeeded');
  return run!;
}

describe("a requirement's defects from the tools", () => {
  it("an open defect on a covering test's latest run blocks it, asked of Jira once for the whole computation", async () => {
    // SHOP-1's test passed before; its new run passed too, with OPS-1 linked in qTest. SHOP-3's test got one by Xray's id.
    expect(coverage('SHOP-1').readiness).toBe('PASS');
    passedWith('1', ['OPS-1']);
    passedWith('3', ['10060']);
    await sync();
    expect(coverage('SHOP-1')).toMatchObject({ readiness: 'BLOCKED', openDefects: ['OPS-1'] });
    expect(coverage('SHOP-3')).toMatchObject({ readiness: 'BLOCKED', openDefects: ['OPS-1'] });
    // Once for both requirements; the end of the coverage phase does not ask again about what the run just asked.
    expect(lookups).toEqual([['10060', 'OPS-1']]);
    expect(watches().sort()).toEqual(['defwatch:SHOP-1', 'defwatch:SHOP-3']);
    // A failing test still makes it FAIL.
    expect(coverage('SHOP-2').readiness).toBe('FAIL');
  });

  it('the next sync computes it again once the defect is done in Jira, though nothing else changed', async () => {
    passedWith('1', ['OPS-1']);
    await sync();
    expect(coverage('SHOP-1').readiness).toBe('BLOCKED');
    const writes = w.jira.writeLog.length;
    // Nothing changed: the next sync asks Jira about the watched defect only, and writes nothing.
    await sync();
    expect(coverage('SHOP-1').readiness).toBe('BLOCKED');
    expect(w.jira.writeLog.length).toBe(writes);
    states.set('OPS-1', { ...OPS1, open: false });
    lookups = [];
    await sync();
    expect(coverage('SHOP-1').readiness).toBe('PASS');
    expect(coverage('SHOP-1').openDefects).toBeUndefined();
    expect(watches()).toEqual([]);
    // The end of the coverage phase asked once, the computation once.
    expect(lookups).toEqual([['OPS-1'], ['OPS-1']]);
    // Watching nothing, a sync asks Jira nothing about defects.
    lookups = [];
    await sync();
    expect(lookups).toEqual([]);
  });

  it('does not watch a defect whose end would change nothing: a failing test makes the requirement fail anyway', async () => {
    w.advance(60_000);
    Object.assign(w.tool.addRun('2', 'Failed'), { defects: ['OPS-1'] });
    await sync();
    expect(coverage('SHOP-2')).toMatchObject({ readiness: 'FAIL', openDefects: ['OPS-1'] });
    expect(watches()).toEqual([]);
    lookups = [];
    await sync();
    expect(lookups).toEqual([]);
  });

  it('counts a done defect, or one Jira does not know, as blocking nothing, and says so of the unknown one', async () => {
    states.set('OPS-1', { ...OPS1, open: false });
    passedWith('1', ['OPS-1', 'OPS-404']);
    const first = await sync();
    expect(coverage('SHOP-1').readiness).toBe('PASS');
    // The run that met it says so.
    expect(first.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^OPS-404 \(linked in qTest to SHOP-\d+'s run\) is not an issue Jira knows/)]));
    expect(watches()).toEqual([]);
    const outcome = await refreshCoverages(w.jira, ['SHOP-1'], new Date(w.clock.t));
    expect(outcome.warnings).toEqual([expect.stringMatching(/^OPS-404 \(linked in qTest to SHOP-\d+'s run\) is not an issue Jira knows \(deleted, or of another site\)/)]);
  });

  it("Jira's rate limit pauses the computation: the error is thrown as it is", async () => {
    passedWith('1', ['OPS-1']);
    await sync();
    failWith = new JiraError(429, 'Jira answered 429', undefined, 30);
    await expect(refreshCoverages(w.jira, ['SHOP-1'], new Date(w.clock.t))).rejects.toBe(failWith);
    await expect(recheckDefects(w.jira, new Date(w.clock.t))).rejects.toBe(failWith);
  });

  it('any other failure is a warning: the defects block nothing until a later sync can ask, which it does by itself', async () => {
    failWith = new JiraError(500, 'Jira answered 500', undefined);
    passedWith('1', ['OPS-1']);
    const failed = await sync();
    expect(failed.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Jira could not be asked whether the defects .* \(Jira answered 500\)/)]));
    expect(coverage('SHOP-1').readiness).toBe('PASS');
    expect(watches()).toEqual(['defwatch:SHOP-1']);
    const direct = await refreshCoverages(w.jira, ['SHOP-1'], new Date(w.clock.t));
    expect(direct.warnings).toEqual([expect.stringMatching(/^Jira could not be asked whether the defects .* \(Jira answered 500\): OPS-1 \(linked in qTest to SHOP-\d+'s run\) counts as not blocking/)]);
    // The end of the next coverage phase asks again, in vain: the run says so.
    const run = await sync();
    expect(run.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Jira could not be asked about the defects of SHOP-1 \(Jira answered 500\)/)]));
    expect(coverage('SHOP-1').readiness).toBe('PASS');
    failWith = undefined;
    await sync();
    expect(coverage('SHOP-1')).toMatchObject({ readiness: 'BLOCKED', openDefects: ['OPS-1'] });
    expect(watches()).toEqual(['defwatch:SHOP-1']);
  });
});
