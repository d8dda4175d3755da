/**
 * How a stored record of any version becomes one this release reads: the migration chain, the version a record
 * says it is, what a newer release's record is, and how records are written.
 */
import { z } from 'zod';
import { kindOf, stamped, storedRecord, upgrade, versionOf, type Migration } from '../../../src/config/migrations/record-kinds';

/** A made-up record that grew over three releases: a name, then a list of tags, then a name split in two. */
const v1to2: Migration = (r) => ({ ...r, tags: typeof r.tag === 'string' ? [r.tag] : [] });
const v2to3: Migration = (r) => {
  const [first, ...rest] = String(r.name).split(' ');
  const { name: _name, tag: _tag, ...kept } = r;
  return { ...kept, first, last: rest.join(' ') };
};
const Person = storedRecord('person', z.object({ first: z.string(), last: z.string(), tags: z.array(z.string()) }), { version: 3, migrations: [v1to2, v2to3] });

describe('a record kind', () => {
  it('brings a record without a version (version 1) through every migration to the current shape', () => {
    expect(upgrade(kindOf(Person), { name: 'Ada Lovelace', tag: 'math' })).toEqual({ ok: true, from: 1, value: { first: 'Ada', last: 'Lovelace', tags: ['math'] } });
  });

  it('starts the chain at the version a record says it is, and drops the version field before validating', () => {
    expect(upgrade(kindOf(Person), { v: 2, name: 'Grace Hopper', tags: ['navy', 'cobol'] })).toEqual({
      ok: true,
      from: 2,
      value: { first: 'Grace', last: 'Hopper', tags: ['navy', 'cobol'] },
    });
    expect(upgrade(kindOf(Person), { v: 3, first: 'Alan', last: 'Turing', tags: [] })).toEqual({ ok: true, from: 3, value: { first: 'Alan', last: 'Turing', tags: [] } });
  });

  it('never reads a record of a newer release as an older shape', () => {
    const read = upgrade(kindOf(Person), { v: 4, fullName: { first: 'Edsger', last: 'Dijkstra' } });
    expect(read.ok).toBe(false);
    expect(read).toMatchObject({ newer: 4, problems: [{ field: 'v', message: 'is 4: written by a newer release of TestSync (this release reads person records up to version 3)' }] });
  });

  it('names the field at fault when a migrated record still does not fit', () => {
    expect(upgrade(kindOf(Person), { v: 2, name: 'Barbara Liskov', tags: 'not a list' })).toMatchObject({ ok: false, problems: [{ field: 'tags' }] });
    expect(upgrade(kindOf(Person), { v: 1.5, name: 'x' })).toMatchObject({ ok: false, problems: [{ field: 'v', message: 'is not a record version (1.5)' }] });
    expect(upgrade(kindOf(Person), 'a string')).toMatchObject({ ok: false, problems: [{ field: '', message: 'a version 1 record must be an object' }] });
  });

  it('reports a migration that throws as the record being unreadable, not as a crash', () => {
    const Broken = storedRecord('broken', z.object({ n: z.number() }), {
      version: 2,
      migrations: [
        () => {
          throw new Error('no n to be found');
        },
      ],
    });
    expect(upgrade(kindOf(Broken), { m: 1 })).toEqual({ ok: false, problems: [{ field: '', message: 'could not be brought from version 1 to 2: no n to be found' }] });
  });

  it('writes a record with its version once the kind is past version 1, and as before while it is at version 1', () => {
    expect(stamped(kindOf(Person), { first: 'Ada', last: 'Lovelace', tags: [] })).toEqual({ first: 'Ada', last: 'Lovelace', tags: [], v: 3 });
    const Plain = storedRecord('plain', z.object({ at: z.string() }));
    expect(stamped(kindOf(Plain), { at: '2026-01-01' })).toEqual({ at: '2026-01-01' });
    expect(() => stamped(kindOf(Person), { first: 'Ada' } as never)).toThrow();
  });

  it('reads a map-shaped record whose entry is named "v" as version 1 (only a numeric v is a version)', () => {
    const Overrides = z.record(z.string(), z.enum(['PASS', 'FAIL']));
    expect(versionOf({ v: 'PASS', Failed: 'FAIL' })).toBe(1);
    expect(upgrade(kindOf(Overrides), { v: 'PASS' })).toEqual({ ok: true, from: 1, value: { v: 'PASS' } });
  });

  it('is declared with as many migrations as versions before it, once, and a secret only fails its reads', () => {
    expect(() => storedRecord('short', z.object({}), { version: 3, migrations: [v1to2] })).toThrow('Record kind "short" is at version 3 and must list 2 migrations, not 1');
    expect(() => storedRecord('again', Person)).toThrow('Record kind "again" is declared twice');
    expect(() => storedRecord('token', z.object({ t: z.string() }), { secret: true, unreadable: 'set-aside' })).toThrow('holds a secret');
  });

  it('treats a schema never declared as a version-1 kind whose unreadable records fail the read', () => {
    const kind = kindOf(z.object({ a: z.string() }));
    expect(kind).toMatchObject({ version: 1, unreadable: 'throw', secret: false });
    expect(upgrade(kind, { a: 'x', v: 2 })).toMatchObject({ ok: false, newer: 2 });
  });
});
