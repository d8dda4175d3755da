/**
 * The audit log's storage: keys that sort newest first, pages read by key, a connection's own log, retention
 * (every entry of 90 days and the newest 2,000, never more than 10,000) pruned a few entries per append with
 * their connection copies, and damaged entries skipped and counted.
 */
import { useKv } from '../../src/platform/kv';
import { AUDIT_KEYS, appendAudit, readAuditPage } from '../../src/audit/store';
import { AUDIT_RETENTION, AuditEntry } from '../../src/audit/entry';
import { MemoryKv } from '../support/engine/memory-kv';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T12:00:00.000Z');

let kv: MemoryKv;
let restore: () => void;
beforeEach(() => {
  kv = new MemoryKv(() => Date.now());
  restore = useKv(kv);
});
afterEach(() => restore());

const input = (i: number, connectionId = 'conn-a') => ({ accountId: 'acc-1', action: 'sync.started' as const, connectionId, connectionName: 'A', detail: `Sync ${i}` });

/** Puts `count` entries straight into storage (seq 0…count-1, each `agedDays(seq)` days old), connection copies too. */
function seed(count: number, agedDays: (seq: number) => number, connectionId = 'conn-a'): void {
  for (let seq = 0; seq < count; seq++) {
    const entry: AuditEntry = { v: 1, seq, connSeq: seq, at: new Date(NOW - agedDays(seq) * DAY).toISOString(), accountId: 'acc-1', action: 'sync.started', connectionId, connectionName: 'A', changes: [] };
    kv.values.set(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, seq), { value: entry });
    kv.values.set(AUDIT_KEYS.keyOf(AUDIT_KEYS.connection(connectionId), seq), { value: entry });
  }
}

describe('audit store', () => {
  it('numbers entries in order under keys that sort newest first, and reads pages of them newest first', async () => {
    for (let i = 0; i < 45; i++) await appendAudit(input(i, i % 3 === 0 ? 'conn-b' : 'conn-a'), new Date(NOW + i * 1000));
    const keys = kv.keys(AUDIT_KEYS.global);
    expect(keys).toHaveLength(45);
    const stored = keys.map((k) => AuditEntry.parse(kv.values.get(k)!.value));
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 45 }, (_, i) => 44 - i));
    expect(stored[0]).toMatchObject({ detail: 'Sync 44', at: new Date(NOW + 44_000).toISOString() });

    const first = await readAuditPage({ page: 1, pageSize: 20 });
    expect(first).toMatchObject({ total: 45, page: 1, unreadable: 0 });
    expect(first.entries.map((e) => e.detail)).toEqual(Array.from({ length: 20 }, (_, i) => `Sync ${44 - i}`));
    const third = await readAuditPage({ page: 3, pageSize: 20 });
    expect(third.entries.map((e) => e.seq)).toEqual([4, 3, 2, 1, 0]);
    // A page past the end answers the last one.
    expect((await readAuditPage({ page: 9, pageSize: 20 })).page).toBe(3);

    const b = await readAuditPage({ connectionId: 'conn-b', page: 1, pageSize: 20 });
    expect(b.total).toBe(15);
    expect(b.entries.map((e) => e.detail)).toEqual(Array.from({ length: 15 }, (_, i) => `Sync ${42 - 3 * i}`));
    expect(b.entries.map((e) => e.connSeq)).toEqual(Array.from({ length: 15 }, (_, i) => 14 - i));
    expect(await readAuditPage({ connectionId: 'nobody', page: 1, pageSize: 20 })).toEqual({ entries: [], total: 0, page: 1, unreadable: 0 });
  });

  it('gives entries appended at the same moment numbers of their own', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => appendAudit(input(i), new Date(NOW))));
    const page = await readAuditPage({ page: 1, pageSize: 20 });
    expect(page.entries.map((e) => e.seq).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(page.entries.map((e) => e.detail)).size).toBe(6);
    const own = await readAuditPage({ connectionId: 'conn-a', page: 1, pageSize: 20 });
    expect(own.entries.map((e) => e.connSeq).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the newest 2,000 whatever their age, and drops older ones past 90 days a few per append, with their connection copies', async () => {
    expect(AUDIT_RETENTION).toEqual({ days: 90, newest: 2000, max: 10_000 });
    // 2,010 entries: the first 10 are 100 days old, the rest a day old.
    seed(2010, (seq) => (seq < 10 ? 100 : 1));
    const writes = kv.writes;
    await appendAudit(input(2010), new Date(NOW));
    // The 11 beyond the newest 2,000 are the 10 old ones and one recent one: five old ones go now.
    expect(kv.keys(AUDIT_KEYS.global)).toHaveLength(2011 - 5);
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 4))).toBe(false);
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 5))).toBe(true);
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.connection('conn-a'), 4))).toBe(false);
    // Cheap: the entry, its copy, one batch delete and one batch of tails.
    expect(kv.writes - writes).toBe(4);
    await appendAudit(input(2011), new Date(NOW));
    await appendAudit(input(2012), new Date(NOW));
    // The old ones are gone; recent ones beyond 2,000 stay.
    expect(kv.keys(AUDIT_KEYS.global)).toHaveLength(2013 - 10);
    const last = await readAuditPage({ page: 101, pageSize: 20 });
    expect(last).toMatchObject({ total: 2003, page: 101 });
    expect(last.entries.map((e) => e.seq)).toEqual([12, 11, 10]);
    const own = await readAuditPage({ connectionId: 'conn-a', page: 101, pageSize: 20 });
    expect(own).toMatchObject({ total: 2003 });
    expect(own.entries.map((e) => e.connSeq)).toEqual([12, 11, 10]);
  });

  it('never keeps more than 10,000 entries, however recent', async () => {
    seed(10_000, () => 1);
    await appendAudit(input(10_000), new Date(NOW));
    expect(kv.keys(AUDIT_KEYS.global)).toHaveLength(10_000);
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 0))).toBe(false);
    expect((await readAuditPage({ page: 1, pageSize: 20 })).total).toBe(10_000);
  }, 30000);

  it('skips and counts an entry it cannot read, and never fails the page for it', async () => {
    for (let i = 0; i < 5; i++) await appendAudit(input(i), new Date(NOW));
    kv.values.set(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 3), { value: { v: 1, seq: 3, action: 'launched rockets', at: 'yesterday' } });
    kv.values.set(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 1), { value: 'not an entry' });
    const page = await readAuditPage({ page: 1, pageSize: 20 });
    expect(page).toMatchObject({ total: 5, unreadable: 2 });
    expect(page.entries.map((e) => e.seq)).toEqual([4, 2, 0]);
    // A damaged tail record reads as the start of the log.
    kv.values.set('audit:tail', { value: { seq: 'x' } });
    expect((await readAuditPage({ page: 1, pageSize: 20 })).total).toBe(5);
  });

  it('prunes a damaged entry past the newest 2,000 instead of keeping it for ever', async () => {
    seed(2001, () => 1);
    kv.values.set(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 0), { value: { damaged: true } });
    await appendAudit(input(2001), new Date(NOW));
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 0))).toBe(false);
    expect(kv.values.has(AUDIT_KEYS.keyOf(AUDIT_KEYS.global, 1))).toBe(true);
    expect((await readAuditPage({ page: 1, pageSize: 20 })).total).toBe(2001);
  });

  it('refuses to store an entry that does not validate', async () => {
    await expect(appendAudit({ ...input(0), accountId: '' }, new Date(NOW))).rejects.toThrow();
    expect(kv.keys('audit:')).toEqual([]);
  });
});
