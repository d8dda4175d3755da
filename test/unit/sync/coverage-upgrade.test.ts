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

describe('the coverage property after an upgrade', () => {
  it('a first sync records the format: nothing is computed again after it', async () => {
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });
    const before = w.jira.writeLog.length;
    w.advance(60_000);
    await w.sync();
    expect(w.jira.writeLog.length).toBe(before);
  });

  it('a site an older release wrote has every covered requirement computed again once, then no more', async () => {
    // As an older release left it: no format recorded, and properties of other content (their hashes differ).
    w.kv.values.delete('coverage-format');
    for (const key of w.kv.keys('coverage:')) w.kv.values.set(key, { value: { hash: 'of an older release' } });
    const covered = w.kv.keys('coverage:').map((k) => k.slice('coverage:'.length)).sort();
    expect(covered.length).toBeGreaterThan(0);

    const before = w.jira.writeLog.length;
    w.advance(60_000);
    const run = await w.sync();
    expect(run?.state).toBe('succeeded');
    const written = w.jira.writeLog.slice(before).filter((x) => x.op.startsWith('propert'));
    expect(written.length).toBeGreaterThan(0);
    for (const key of covered) expect(w.kv.values.get(`coverage:${key}`)?.value).not.toEqual({ hash: 'of an older release' });
    expect(w.kv.values.get('coverage-format')?.value).toEqual({ version: COVERAGE_FORMAT });

    const again = w.jira.writeLog.length;
    w.advance(60_000);
    await w.sync();
    expect(w.jira.writeLog.length).toBe(again);
  });
});
