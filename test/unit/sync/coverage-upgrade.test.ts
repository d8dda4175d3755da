/**
 * An upgrade that changes what the coverage property holds: the first sync after it computes every requirement's
 * property again, although nothing changed in the tools, so JQL is right at once; the syncs after it do not.
 */
import { COVERAGE_FORMAT } from '../../../src/sync/coverage';
import { createWorld, type World } from '../../support/engine/world';

let w: World;
beforeEach(async () => {
  w = await createWorld();
  expect((await w.sync())?.state).toBe('succeeded');
});
afterEach(() => w.close());

/** As an older release left the site: no format recorded, and properties of other content (their hashes differ). */
function asAnOlderReleaseLeftIt(): string[] {
  w.kv.values.delete('coverage-format');
  for (const key of w.kv.keys('coverage:')) w.kv.values.set(key, { value: { hash: 'of an older release' } });
  const covered = w.kv.keys('coverage:').map((k) => k.slice('coverage:'.length)).sort();
  expect(covered.length).toBeGreaterThan(0);
  return covered;
}

/** A sync a minute later writes nothing to Jira. */
async function expectNextSyncWritesNothing(): Promise<void> {
  const before = w.jira.writeLog.length;
  w.advance(60_000);
  await w.sync();
  expect(w.jira.writeLog.length).toBe(before);
}

const coverageWrites = (from: number) => w.jira.writeLog.slice(from).filter((x) => x.op.startsWith('propert'));

describe('the coverage property after an upgrade', () => {
  it('a first sync records the format: nothing is computed again after it', async () => {
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });
    await expectNextSyncWritesNothing();
  });

  it('a site an older release wrote has every covered requirement computed again once, then no more', async () => {
    const covered = asAnOlderReleaseLeftIt();

    const before = w.jira.writeLog.length;
    w.advance(60_000);
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    expect(coverageWrites(before).length).toBeGreaterThan(0);
    for (const key of covered) expect(w.kv.values.get(`coverage:${key}`)?.value).not.toEqual({ hash: 'of an older release' });
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });

    await expectNextSyncWritesNothing();
  });

  it.each([
    ['while marking them', (key: string) => key.startsWith('covstale:')],
    ['at the write of the format record, after marking them', (key: string) => key === 'coverage-format'],
  ])('a process dying %s: when it comes back they are marked again, each computed once, then no more', async (_when, dyingAt) => {
    const covered = asAnOlderReleaseLeftIt();
    // The process dies at that write: what came before it is stored, the format is not recorded.
    const { set, setMany } = { set: w.kv.set.bind(w.kv), setMany: w.kv.setMany.bind(w.kv) };
    const dieAt = (keys: string[]) => {
      if (keys.some(dyingAt) && !w.kv.fault) w.kv.fault = { at: w.kv.writes, mode: 'hang' };
    };
    w.kv.set = async (key, value, opts) => (dieAt([key]), set(key, value, opts));
    w.kv.setMany = async (entries) => (dieAt(entries.map((e) => e.key)), setMany(entries));
    const before = w.jira.writeLog.length;
    w.advance(60_000);
    await w.sync();
    expect(w.kv.fault).toBeDefined();
    expect(w.kv.values.get('coverage-format')).toBeUndefined();
    expect(coverageWrites(before)).toEqual([]);
    Object.assign(w.kv, { set, setMany });

    await w.restart();
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });
    for (const key of covered) expect(w.kv.values.get(`coverage:${key}`)?.value).not.toEqual({ hash: 'of an older release' });
    // Computed once: no marker is left, and the sync after it writes nothing.
    expect(w.kv.keys('covstale:')).toEqual([]);
    await expectNextSyncWritesNothing();
  });

  it('a process that dies after recording the format, before writing the properties, computes them when it comes back', async () => {
    const covered = asAnOlderReleaseLeftIt();
    // The process dies at the first write of a coverage property to Jira: the format is recorded, the marks stay.
    w.jira.fault = { at: w.jira.writeLog.length, mode: 'hang' };
    w.advance(60_000);
    await w.sync();
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });
    for (const key of covered) expect(w.kv.values.get(`coverage:${key}`)?.value).toEqual({ hash: 'of an older release' });

    await w.restart();
    for (const key of covered) expect(w.kv.values.get(`coverage:${key}`)?.value).not.toEqual({ hash: 'of an older release' });
    expect(w.kv.keys('covstale:')).toEqual([]);
  });
});
