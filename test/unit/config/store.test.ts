/**
 * The typed store over an in-memory storage port: records of earlier releases are migrated on read, records of a
 * newer release are neither read as an older shape nor written over, and an unreadable record fails its read, is
 * skipped, or is set aside as its kind says, reported with its key and the field at fault.
 */
import { z } from 'zod';
import { getSecret, setSecret } from '../../../src/config/connections';
import {
  getMany,
  getRecord,
  listRecords,
  NewerRecordError,
  pageRecords,
  putMany,
  putRecord,
  StoredRecordError,
  storedRecord,
  withStoredRecordListener,
  type UnreadableRecord,
} from '../../../src/config/store';
import { useLogSink } from '../../../src/platform/log';
import { useKv } from '../../../src/platform/kv';
import { MemoryKv } from '../../support/engine/memory-kv';

const NOW = new Date('2026-03-04T05:06:07.000Z');

/** Version 2 keeps a list of labels where version 1 kept one label. */
const Note = storedRecord('note', z.object({ text: z.string(), labels: z.array(z.string()) }), {
  version: 2,
  migrations: [(r) => ({ text: r.text, labels: typeof r.label === 'string' ? [r.label] : [] })],
});
const Marker = storedRecord('marker', z.object({ target: z.string() }), {
  unreadable: 'set-aside',
  consequence: { setAside: 'Its target is marked again by its next change.' },
});
const Summary = storedRecord('summary', z.object({ count: z.number() }), { unreadable: 'skip' });
const Index = storedRecord('index entry', z.object({ members: z.array(z.string()), extra: z.record(z.string(), z.number()).optional() }), {
  unreadable: 'set-aside',
  repair: (raw) => {
    const members = (raw as { members?: unknown }).members;
    return Array.isArray(members) ? { members } : undefined;
  },
});

let kv: MemoryKv;
let restore: () => void;
let reported: UnreadableRecord[];
const listen = <T>(fn: () => Promise<T>, readOnly = false) => withStoredRecordListener({ report: (r) => reported.push(r), readOnly, now: () => NOW }, fn);
const stored = (key: string) => kv.values.get(key)?.value;

beforeEach(() => {
  kv = new MemoryKv(() => NOW.getTime());
  restore = useKv(kv);
  reported = [];
});
afterEach(() => restore());

describe('a record of an earlier release', () => {
  it('is read in the current shape without a write, and written in it the next time its owner writes', async () => {
    kv.values.set('note:1', { value: { text: 'check the login', label: 'auth' } });
    const writes = kv.writes;
    const note = await getRecord('note:1', Note);
    expect(note).toEqual({ text: 'check the login', labels: ['auth'] });
    expect(kv.writes).toBe(writes);
    expect(stored('note:1')).toEqual({ text: 'check the login', label: 'auth' });

    await putRecord('note:1', Note, { ...note!, labels: [...note!.labels, 'smoke'] });
    expect(stored('note:1')).toEqual({ text: 'check the login', labels: ['auth', 'smoke'], v: 2 });
    expect(await getRecord('note:1', Note)).toEqual({ text: 'check the login', labels: ['auth', 'smoke'] });
  });

  it('is migrated in lists and pages alike', async () => {
    kv.values.set('note:1', { value: { text: 'a', label: 'x' } });
    kv.values.set('note:2', { value: { text: 'b', labels: ['y'], v: 2 } });
    expect((await listRecords('note:', Note)).map((r) => r.value)).toEqual([
      { text: 'a', labels: ['x'] },
      { text: 'b', labels: ['y'] },
    ]);
    expect((await pageRecords('note:', Note)).records.map((r) => r.value.labels)).toEqual([['x'], ['y']]);
  });
});

describe('a record of a newer release (a rollback)', () => {
  it('fails the read of a kind whose reads fail, saying what it is, and is not written over', async () => {
    const newer = { text: 'from the future', labels: [], priority: 'high', v: 3 };
    kv.values.set('note:9', { value: newer });
    const read = getRecord('note:9', Note);
    await expect(read).rejects.toThrow(NewerRecordError);
    await expect(getRecord('note:9', Note)).rejects.toThrow(
      'Stored record note:9 is not valid: it was written by a newer release of TestSync (record version 3; this release reads up to version 2). It is left unchanged until that release runs again.',
    );
    await expect(putRecord('note:9', Note, { text: 'older shape', labels: [] })).rejects.toThrow(NewerRecordError);
    expect(stored('note:9')).toEqual(newer);
  });

  it('is skipped by a kind that goes on without it, reported, and left out of a later batch write while the others are written', async () => {
    kv.values.set('marker:a', { value: { target: 'A' } });
    kv.values.set('marker:b', { value: { target: 'B', v: 2 } });
    const found = await listen(() => getMany(['marker:a', 'marker:b'], Marker));
    expect([...found.keys()]).toEqual(['marker:a']);
    await listen(() => putMany([{ key: 'marker:a', value: { target: 'A2' } }, { key: 'marker:b', value: { target: 'B2' } }], Marker));
    expect(stored('marker:a')).toEqual({ target: 'A2' });
    // Never moved aside, never replaced.
    expect(stored('marker:b')).toEqual({ target: 'B', v: 2 });
    expect(kv.keys('quarantine:')).toEqual([]);
    expect(reported.map((r) => [r.key, r.outcome, r.newerVersion])).toEqual([
      ['marker:b', 'kept', 2],
      ['marker:b', 'not overwritten', 2],
    ]);
    expect(reported[0].message).toBe(
      'Stored record marker:b was written by a newer release of TestSync (record version 2; this release reads up to version 1); it is left unchanged and skipped.',
    );
  });
});

describe('a record that cannot be read', () => {
  it('fails the read of a kind whose reads fail, naming the record and the field', async () => {
    kv.values.set('note:3', { value: { text: 7, labels: [], v: 2 } });
    await expect(getRecord('note:3', Note)).rejects.toThrow(StoredRecordError);
    await expect(getRecord('note:3', Note)).rejects.toThrow('Stored record note:3 is not valid: text: Invalid input: expected string, received number');
  });

  it('is moved to quarantine with what was wrong and when, and the rest of the batch is read', async () => {
    kv.values.set('marker:a', { value: { target: 'A' } });
    kv.values.set('marker:b', { value: { target: ['not', 'a', 'string'] } });
    const found = await listen(() => getMany(['marker:a', 'marker:b'], Marker));
    expect(found).toEqual(new Map([['marker:a', { target: 'A' }]]));
    expect(stored('marker:b')).toBeUndefined();
    expect(stored('quarantine:marker:b')).toEqual({
      key: 'marker:b',
      kind: 'marker',
      problem: 'target: Invalid input: expected string, received array',
      at: NOW.toISOString(),
      value: { target: ['not', 'a', 'string'] },
    });
    expect(reported).toEqual([
      {
        key: 'marker:b',
        kind: 'marker',
        problem: 'target: Invalid input: expected string, received array',
        outcome: 'set aside',
        message:
          'Stored record marker:b could not be read (target: Invalid input: expected string, received array); it was set aside as quarantine:marker:b. Its target is marked again by its next change.',
      },
    ]);
    // The quarantine expires on its own.
    expect(kv.values.get('quarantine:marker:b')?.expires).toBe(NOW.getTime() + 30 * 24 * 3600 * 1000);
  });

  it('keeps what can be read of it when its kind knows how, and the damaged one aside', async () => {
    kv.values.set('index:1', { value: { members: ['a', 'b'], extra: { a: 'one' } } });
    const page = await listen(() => pageRecords('index:', Index));
    expect(page.records).toEqual([{ key: 'index:1', value: { members: ['a', 'b'] } }]);
    expect(page.damaged).toEqual([]);
    expect(stored('index:1')).toEqual({ members: ['a', 'b'] });
    expect(stored('quarantine:index:1')).toMatchObject({ value: { members: ['a', 'b'], extra: { a: 'one' } }, problem: 'extra.a: Invalid input: expected number, received string' });
    expect(reported.map((r) => r.outcome)).toEqual(['repaired']);
  });

  it('is only skipped in a dry run, which changes nothing', async () => {
    kv.values.set('marker:b', { value: { target: 1 } });
    const page = await listen(() => pageRecords('marker:', Marker), true);
    expect(page).toEqual({ records: [], damaged: [{ key: 'marker:b', error: 'target: Invalid input: expected string, received number' }] });
    expect(stored('marker:b')).toEqual({ target: 1 });
    expect(kv.keys('quarantine:')).toEqual([]);
    expect(reported.map((r) => r.outcome)).toEqual(['kept']);
  });

  it('stays where it is for a kind that skips, and is reported each time it is met', async () => {
    kv.values.set('summary:1', { value: { count: 'many' } });
    kv.values.set('summary:2', { value: { count: 2 } });
    expect((await listen(() => listRecords('summary:', Summary))).map((r) => r.key)).toEqual(['summary:2']);
    expect(await listen(() => getRecord('summary:1', Summary))).toBeUndefined();
    expect(stored('summary:1')).toEqual({ count: 'many' });
    expect(reported.map((r) => [r.key, r.outcome])).toEqual([
      ['summary:1', 'kept'],
      ['summary:1', 'kept'],
    ]);
  });

  it('is said in the app log when no sync is listening', async () => {
    const lines: string[] = [];
    const restoreLog = useLogSink((_level, line) => lines.push(line));
    try {
      kv.values.set('marker:b', { value: {} });
      await getMany(['marker:b'], Marker);
    } finally {
      restoreLog();
    }
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { level: 'warn', event: 'stored-record-unreadable', key: 'marker:b', kind: 'marker', outcome: 'set aside', problem: 'target: Invalid input: expected string, received undefined' },
    ]);
  });

  it('is set aside without its value when the value is too large to copy', async () => {
    const big = { target: 5, padding: 'x'.repeat(210_000) };
    kv.values.set('marker:big', { value: big });
    await listen(() => getMany(['marker:big'], Marker));
    expect(stored('quarantine:marker:big')).toEqual({ key: 'marker:big', kind: 'marker', problem: expect.stringContaining('target:'), at: NOW.toISOString(), valueChars: JSON.stringify(big).length });
  });
});

describe('a damaged secret', () => {
  it('fails its read without a word of its value, and is never copied anywhere', async () => {
    await setSecret('c1', { apiToken: 'real-token' });
    kv.secrets.set('secret:connection:c1', { apiToken: '', leaked: 'super-secret-value' });
    const read = listen(() => getSecret('c1'));
    await expect(read).rejects.toThrow('Stored record secret of connection c1 is not valid: the stored credential is damaged; enter it again on the TestSync admin page');
    await expect(listen(() => getSecret('c1'))).rejects.not.toThrow(/super-secret-value/);
    expect([...kv.values.keys()]).toEqual([]);
    expect(reported).toEqual([]);
  });
});
