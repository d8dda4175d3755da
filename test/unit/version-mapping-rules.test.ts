/**
 * A connection's version mapping on its own: which names it refuses and why, how a tool version is matched, what
 * saving stores and flags for the next sync, the audit changes it makes, and the bounded list of tool versions seen.
 */
import {
  cleanVersionMapping,
  getVersionMapping,
  mapVersion,
  saveVersionMapping,
  SeenVersions,
  versionLookup,
  versionMappingProblems,
  versionsSeen,
  VERSIONS_SEEN_MAX,
} from '../../src/config/version-mappings';
import { remapPending } from '../../src/config/status-mappings';
import { StoredRecordError } from '../../src/config/store';
import { versionMappingChanges } from '../../src/audit/changes';
import { buildDocument, entryOf, readDocument } from '../../src/config/transfer';
import type { ConnectionRecord } from '../../src/config/connections';
import { useKv } from '../../src/platform/kv';
import { useLogSink } from '../../src/platform/log';
import { MemoryKv } from '../support/engine/memory-kv';

const NOW = new Date('2026-11-02T09:00:00Z');
const CONN = 'qtest-a';

describe('version mapping rules', () => {
  it('refuses empty and over-long names, each with what is wrong and where', () => {
    const long = 'x'.repeat(256);
    expect(
      versionMappingProblems([
        { toolVersion: '  ', jiraVersion: '3.2' },
        { toolVersion: 'Release 3.2', jiraVersion: ' ' },
        { toolVersion: long, jiraVersion: '3.2' },
        { toolVersion: 'R3.3', jiraVersion: long },
      ]),
    ).toEqual([
      { index: 0, field: 'toolVersion', message: 'Entry 1 has no tool version name' },
      { index: 1, field: 'jiraVersion', message: 'No Jira version is chosen for tool version "Release 3.2"; choose one, or leave it under its own name' },
      { index: 2, field: 'toolVersion', message: `Tool version "${'x'.repeat(59)}…" is longer than 255 characters` },
      { index: 3, field: 'jiraVersion', message: 'The Jira version chosen for tool version "R3.3" is longer than 255 characters' },
    ]);
    // 255 characters is Jira's own limit, and allowed.
    expect(versionMappingProblems([{ toolVersion: 'y'.repeat(255), jiraVersion: 'z'.repeat(255) }])).toEqual([]);
  });

  it('refuses a tool version named twice, compared ignoring case and spaces', () => {
    expect(
      versionMappingProblems([
        { toolVersion: 'Release 3.2', jiraVersion: '3.2' },
        { toolVersion: ' release  3.2 ', jiraVersion: '3.2.1' },
        { toolVersion: 'Release 3.2', jiraVersion: '3.2' },
      ]).map((p) => [p.index, p.message]),
    ).toEqual([
      [1, 'Tool version "release  3.2" is mapped twice (also as "Release 3.2"; names are compared ignoring case and spaces around them)'],
      [2, 'Tool version "Release 3.2" is mapped twice'],
    ]);
  });

  it('counts a tool version for its mapped Jira version whatever its case and spacing, and any other under its own name', () => {
    const mapping = versionLookup([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    expect(mapVersion('Release 3.2', mapping)).toBe('3.2');
    expect(mapVersion('  RELEASE   3.2 ', mapping)).toBe('3.2');
    expect(mapVersion('Release 3.1', mapping)).toBe('Release 3.1');
    // Unmapped names are left exactly as the tool gives them: readiness compares them with Jira's names as they are.
    expect(mapVersion(' 3.1', mapping)).toBe(' 3.1');
  });

  it('stores names trimmed and drops entries that name the same version', () => {
    expect(
      cleanVersionMapping([
        { toolVersion: ' R3.2 ', jiraVersion: ' 3.2' },
        { toolVersion: '3.1', jiraVersion: '3.1 ' },
        { toolVersion: 'v3.3', jiraVersion: 'V3.3' },
      ]),
    ).toEqual([
      { toolVersion: 'R3.2', jiraVersion: '3.2' },
      { toolVersion: 'v3.3', jiraVersion: 'V3.3' },
    ]);
  });

  it('describes a change for the audit log as old → new Jira version per tool version', () => {
    expect(
      versionMappingChanges(
        [
          { toolVersion: 'Release 3.1', jiraVersion: '3.1' },
          { toolVersion: 'Release 3.2', jiraVersion: '3.2' },
        ],
        [
          { toolVersion: 'Release 3.2', jiraVersion: '3.2.1' },
          { toolVersion: 'R4', jiraVersion: '4.0' },
        ],
      ),
    ).toEqual([
      { field: 'R4', from: 'Same name', to: '4.0' },
      { field: 'Release 3.1', from: '3.1', to: 'Same name' },
      { field: 'Release 3.2', from: '3.2', to: '3.2.1' },
    ]);
    expect(versionMappingChanges([{ toolVersion: 'R4', jiraVersion: '4.0' }], [{ toolVersion: 'r4', jiraVersion: '4.0' }])).toEqual([]);
  });
});

describe('the version mapping in a settings file', () => {
  const connection: ConnectionRecord = {
    id: CONN, tool: 'qtest', name: 'qTest A', baseUrl: 'https://a.qtestnet.com', settings: {}, enabled: true, connected: true,
    createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
  };
  const file = (versionMapping?: { toolVersion: string; jiraVersion: string }[]) => {
    const doc = buildDocument({ appVersion: '2.5.0', exportedAt: NOW, site: 'https://a.atlassian.net', connections: [entryOf(connection, [], {}, versionMapping)], leftOut: [] });
    return JSON.parse(JSON.stringify(doc)) as { connections: Record<string, unknown>[] };
  };

  it('is written with its connection and read back as it was', () => {
    const read = readDocument(JSON.stringify(file([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }])));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.document.connections[0].versionMapping).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
  });

  it('is empty when a file written before version mappings has none', () => {
    const doc = file();
    delete doc.connections[0].versionMapping;
    const read = readDocument(JSON.stringify(doc));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.document.connections[0].versionMapping).toEqual([]);
  });

  it('refuses an entry with a field the format does not have, or a name that is not text', () => {
    const doc = file([{ toolVersion: 'R3', jiraVersion: '3.0' }]);
    doc.connections[0].versionMapping = [{ toolVersion: 'R3', jiraVersion: '3.0', project: 'SHOP' }, { toolVersion: 4, jiraVersion: '4.0' }];
    const read = readDocument(JSON.stringify(doc));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual([
      { code: 'SCHEMA', path: '$.connections[0].versionMapping[0].project', message: '"project" is not a field of a TestSync settings file.', connection: 'qTest A' },
      { code: 'SCHEMA', path: '$.connections[0].versionMapping[1].toolVersion', message: 'Tool version must be text', connection: 'qTest A' },
    ]);
  });
});

describe('a saved version mapping', () => {
  let kv: MemoryKv;
  let restore: () => void;
  let restoreLog: () => void;
  beforeEach(() => {
    kv = new MemoryKv(() => NOW.getTime());
    restore = useKv(kv);
    restoreLog = useLogSink(() => undefined);
  });
  afterEach(() => {
    restore();
    restoreLog();
  });

  it('is stored cleaned and asks the next sync to re-count what is synced, only when it changes something', async () => {
    expect(await saveVersionMapping(CONN, [{ toolVersion: ' Release 3.2 ', jiraVersion: '3.2' }, { toolVersion: '3.1', jiraVersion: '3.1' }], NOW)).toBe(true);
    expect(await getVersionMapping(CONN)).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    expect(await remapPending(CONN)).toBe(NOW.toISOString());

    await kv.delete(`remap:${CONN}`);
    expect(await saveVersionMapping(CONN, [{ toolVersion: 'release 3.2', jiraVersion: '3.2' }], NOW)).toBe(false);
    expect(await remapPending(CONN)).toBeUndefined();
  });

  it('refuses a mapping with problems and keeps the saved one', async () => {
    await saveVersionMapping(CONN, [{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }], NOW);
    await expect(saveVersionMapping(CONN, [{ toolVersion: 'R3', jiraVersion: '' }], NOW)).rejects.toThrow('No Jira version is chosen for tool version "R3"');
    expect(await getVersionMapping(CONN)).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
  });

  it('says so when the stored record is damaged, and is repaired by saving', async () => {
    await kv.set(`versionmap:${CONN}`, [{ toolVersion: 'A', jiraVersion: '1' }, { toolVersion: 'a', jiraVersion: '2' }]);
    await expect(getVersionMapping(CONN)).rejects.toThrow(StoredRecordError);
    await expect(getVersionMapping(CONN)).rejects.toThrow('Tool version "a" is mapped twice');
    expect(await saveVersionMapping(CONN, [{ toolVersion: 'A', jiraVersion: '1' }], NOW)).toBe(true);
    expect(await getVersionMapping(CONN)).toEqual([{ toolVersion: 'A', jiraVersion: '1' }]);
  });
});

describe('the tool versions seen', () => {
  let kv: MemoryKv;
  let restore: () => void;
  let restoreLog: () => void;
  beforeEach(() => {
    kv = new MemoryKv(() => NOW.getTime());
    restore = useKv(kv);
    restoreLog = useLogSink(() => undefined);
  });
  afterEach(() => {
    restore();
    restoreLog();
  });

  it('are read once and written only when a name not held appears', async () => {
    const seen = new SeenVersions(CONN);
    await seen.note(['3.1', 'Release 3.2', undefined, '']);
    expect(kv.writes).toBe(1);
    await seen.note(['3.1', ' release 3.2 ']);
    expect(kv.writes).toBe(1);
    await seen.note(['3.3']);
    expect(kv.writes).toBe(2);
    expect(await versionsSeen(CONN)).toEqual(['3.1', 'Release 3.2', '3.3']);
    // Another invocation starts from what is stored.
    await new SeenVersions(CONN).note(['3.1']);
    expect(kv.writes).toBe(2);
  });

  it('keep the most recently met names when there are more than the list holds', async () => {
    const seen = new SeenVersions(CONN);
    await seen.note(Array.from({ length: VERSIONS_SEEN_MAX + 20 }, (_, i) => `build ${i}`));
    const names = await versionsSeen(CONN);
    expect(names).toHaveLength(VERSIONS_SEEN_MAX);
    expect(names[0]).toBe('build 20');
    expect(names[names.length - 1]).toBe(`build ${VERSIONS_SEEN_MAX + 19}`);
  });

  it('are tried again with the next new name when a write fails, without failing the sync', async () => {
    const seen = new SeenVersions(CONN);
    kv.fault = { at: 0, mode: 'throw' };
    await seen.note(['3.1']);
    expect(await versionsSeen(CONN)).toEqual([]);
    delete kv.fault;
    await seen.note(['3.1']);
    expect(await versionsSeen(CONN)).toEqual(['3.1']);
  });

  it('start again from nothing when the stored list is unreadable', async () => {
    await kv.set(`versionsseen:${CONN}`, { names: 'not a list' });
    expect(await versionsSeen(CONN)).toEqual([]);
    await new SeenVersions(CONN).note(['3.2']);
    expect(await versionsSeen(CONN)).toEqual(['3.2']);
  });
});
