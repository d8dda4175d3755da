/**
 * Recording around a change: only a change that succeeded is recorded, a failed write leaves the change and
 * its answer as they were (and is logged), a secret typed into the wrong field is hidden, and the fields
 * compared are the non-secret ones, old → new.
 */
import { useKv } from '../../src/platform/kv';
import { useLogSink } from '../../src/platform/log';
import * as connections from '../../src/config/connections';
import type { ConnectionRecord } from '../../src/config/connections';
import { audited, connectionSaveAudit, syncNowAudit } from '../../src/audit/record';
import { connectionChanges, statusMappingChanges } from '../../src/audit/changes';
import { readAuditPage } from '../../src/audit/store';
import type { RunSummary } from '../../src/resolvers/contract';
import { MemoryKv } from '../support/engine/memory-kv';

let kv: MemoryKv;
let restore: () => void;
let lines: string[];
let restoreLog: () => void;
beforeEach(() => {
  kv = new MemoryKv(() => Date.now());
  restore = useKv(kv);
  lines = [];
  restoreLog = useLogSink((_level, line) => lines.push(line));
});
afterEach(() => {
  restore();
  restoreLog();
});

const entries = async () => (await readAuditPage({ page: 1, pageSize: 20 })).entries;
const run = (over: Partial<RunSummary> = {}) => ({ runId: 'r1', connectionId: 'c1', dryRun: false, ...over }) as RunSummary;
const xray = (over: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
  id: 'xray-1', tool: 'xray', name: 'Xray', baseUrl: 'https://xray.cloud.getxray.app', enabled: true, connected: true,
  settings: { region: 'global', clientId: 'CID-1', sameSite: true, requestsPer5Minutes: 300 }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('recording an admin change', () => {
  it('records a change that succeeded, with the caller, and nothing for one that failed or had no caller', async () => {
    const sync = audited(async () => run(), syncNowAudit);
    await sync({}, 'acc-1');
    await expect(audited(async () => Promise.reject(new Error('refused')), syncNowAudit)({}, 'acc-1')).rejects.toThrow('refused');
    await sync({}, undefined);
    expect(await entries()).toEqual([expect.objectContaining({ accountId: 'acc-1', action: 'sync.started', connectionId: 'c1', detail: 'Sync r1' })]);
  });

  it('answers the change as made when its entry cannot be written, and logs the failure', async () => {
    // The entry's first write fails, as a storage 429 would.
    kv.fault = { at: kv.writes, mode: 'throw', error: () => new Error('storage is down') };
    const answer = await audited(async () => run({ runId: 'r2' }), syncNowAudit)({}, 'acc-1');
    kv.fault = undefined;
    expect(answer.runId).toBe('r2');
    expect(lines.some((l) => l.includes('"event":"audit-write-failed"') && l.includes('"connection":"c1"') && l.includes('storage is down'))).toBe(true);
    expect(await entries()).toEqual([]);
  });

  it('hides a secret the admin typed into another field of the same save', async () => {
    const SECRET = 'xsec-0123456789abcdef';
    await connections.saveConnection(xray());
    const save = audited(async () => {
      await connections.saveConnection(xray({ name: `Xray ${SECRET}`, settings: { ...xray().settings, clientId: SECRET } }));
      return { id: 'xray-1' };
    }, connectionSaveAudit);
    await save({ id: 'xray-1', tool: 'xray', name: `Xray ${SECRET}`, region: 'global', clientId: SECRET, clientSecret: SECRET }, 'acc-1');
    const [entry] = await entries();
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(entry).toMatchObject({
      action: 'connection.edited',
      connectionName: '(hidden: contains the secret)',
      changes: [
        { field: 'Name', from: 'Xray', to: '(hidden: contains the secret)' },
        { field: 'Client ID', from: 'CID-1', to: '(hidden: contains the secret)' },
        { field: 'Client secret', note: 'secret replaced' },
      ],
    });
  });
});

describe('what changed', () => {
  it('compares the non-secret settings of a connection, old → new, in the admin page’s words', () => {
    expect(connectionChanges(xray(), xray({ settings: { region: 'eu', clientId: 'CID-2', sameSite: false, requestsPer5Minutes: 300 }, baseUrl: 'https://eu.xray.cloud.getxray.app', expiresOn: '2027-01-31' }))).toEqual([
      { field: 'Site URL', from: 'https://xray.cloud.getxray.app', to: 'https://eu.xray.cloud.getxray.app' },
      { field: 'Region', from: 'Global', to: 'EU' },
      { field: 'Client ID', from: 'CID-1', to: 'CID-2' },
      { field: 'Xray is installed on this Jira site', from: 'Yes', to: 'No' },
      { field: 'Expiry date', to: '2027-01-31' },
    ]);
    expect(connectionChanges(xray(), xray())).toEqual([]);
    expect(connectionChanges(undefined, xray()).map((c) => c.field)).not.toContain('Connected');
  });

  it('lists each tool status whose canonical status changed, in the spelling the admin used', () => {
    expect(statusMappingChanges('qtest', {}, { Flaky: 'FAIL', Blocked: 'FAIL' })).toEqual([
      { field: 'Blocked', from: 'BLOCKED', to: 'FAIL' },
      { field: 'Flaky', to: 'FAIL' },
    ]);
    expect(statusMappingChanges('qtest', { Flaky: 'FAIL' }, {})).toEqual([{ field: 'Flaky', from: 'FAIL' }]);
    expect(statusMappingChanges('qtest', { passed: 'PASS' }, {})).toEqual([]);
  });
});
