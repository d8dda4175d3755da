/**
 * Version mapping on the admin page's backend, on the local runtime: the demo qTest site names its release
 * "Release 3.2" where Jira's fix version is "3.2". The admin sees the tool versions the sync met and the Jira
 * versions of the mapped projects, maps one onto the other, and the next sync re-counts what is synced: the demo
 * story's readiness in 3.2 then includes its tests' runs. Bad entries are refused, the change is audited, and only
 * Jira admins may read or change it.
 */
import { startTestApp, type TestApp } from '../support/local-app';

const CONN = 'qtest-demo';
const STORY = 'SHOP-1';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    prepareQtest: (q) => {
      for (const release of q.state.site('demo')!.releases) if (release.name === '3.2') release.name = 'Release 3.2';
    },
  });
  const first = await app.server.fireTrigger('sync-scheduler');
  if (first.events.failed !== 0) throw new Error(`The first sync failed: ${JSON.stringify(first)}`);
});
afterAll(async () => app?.close());

/** The story's coverage property and the versions its covering tests' runs are counted for. */
async function story() {
  const [issue] = await app.search(`key = ${STORY}`, ['summary'], ['testsync-coverage']);
  return issue.properties['testsync-coverage'] as { readiness: string; readinessVersions?: string[]; readinessIn: string[] };
}

/** Every stored run of the connection's synced tests, with the version it counts for and the tool's own name. */
async function entries(): Promise<{ version?: string; toolVersion?: string }[]> {
  const issues = await app.search('testsyncTool = qtest', ['summary'], ['testsync']);
  return issues.flatMap((i) => [...i.properties.testsync.history, ...(i.properties.testsync.contexts ?? [])]);
}

const row = (view: any, toolVersion: string) => view.rows.find((r: any) => r.toolVersion === toolVersion);

describe('version mapping', () => {
  it('lists the tool versions the sync met, each under its own name, and the versions of the mapped Jira project', async () => {
    const view = await app.admin('getVersionMapping', { connectionId: CONN });
    expect(view.error).toBeUndefined();
    expect(view.jiraProjects).toEqual(['SHOP']);
    expect(view.jiraVersions.map((v: any) => v.name)).toEqual(['3.1', '3.2']);
    expect(view.jiraVersions[0]).toMatchObject({ name: '3.1', projects: ['SHOP'], released: true, archived: false });
    expect(row(view, 'Release 3.2')).toEqual({ toolVersion: 'Release 3.2', jiraVersion: 'Release 3.2', source: 'sameName', seen: true, inJira: false });
    expect(row(view, '3.1')).toEqual({ toolVersion: '3.1', jiraVersion: '3.1', source: 'sameName', seen: true, inJira: true });
    expect(view.jiraError).toBeUndefined();
  });

  it('leaves the story not run in its fix version 3.2 while the tool calls its release "Release 3.2"', async () => {
    const coverage = await story();
    expect(coverage.readinessVersions).toEqual(['3.2']);
    expect(coverage.readiness).toBe('NOTRUN');
    expect(coverage.readinessIn.some((r) => r.startsWith('Release 3.2='))).toBe(true);
    expect(coverage.readinessIn.some((r) => r.startsWith('3.2='))).toBe(false);
  });

  it('refuses a tool version mapped twice, an empty or over-long Jira version, and keeps what is saved', async () => {
    const twice = await app.admin('saveVersionMapping', {
      connectionId: CONN,
      mapping: [
        { toolVersion: 'Release 3.2', jiraVersion: '3.2' },
        { toolVersion: ' release 3.2', jiraVersion: '3.1' },
      ],
    });
    expect(twice.error).toEqual({
      code: 'INVALID_INPUT',
      message: 'Tool version "release 3.2" is mapped twice (also as "Release 3.2"; names are compared ignoring case and spaces around them)',
    });
    const empty = await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'Release 3.2', jiraVersion: '  ' }] });
    expect(empty.error.message).toBe('No Jira version is chosen for tool version "Release 3.2"; choose one, or leave it under its own name');
    const long = await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'Release 3.2', jiraVersion: 'v'.repeat(256) }] });
    expect(long.error.message).toBe('The Jira version chosen for tool version "Release 3.2" is longer than 255 characters');
    const notText = await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'Release 3.2', jiraVersion: 3.2 }] });
    expect(notText.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Jira version must be text') });

    const view = await app.admin('getVersionMapping', { connectionId: CONN });
    expect(row(view, 'Release 3.2')).toMatchObject({ source: 'sameName' });
    expect((await app.admin('listAudit', { connectionId: CONN })).rows.filter((r: any) => r.action === 'versionMapping.changed')).toEqual([]);
  });

  it('is for Jira admins only', async () => {
    const read = await app.admin('getVersionMapping', { connectionId: CONN }, 'demo-tester');
    expect(read.error).toEqual({ code: 'FORBIDDEN', message: 'Only Jira administrators can view or change TestSync settings.' });
    const write = await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }] }, 'demo-tester');
    expect(write.error.code).toBe('FORBIDDEN');
    expect(row(await app.admin('getVersionMapping', { connectionId: CONN }), 'Release 3.2')).toMatchObject({ source: 'sameName' });
  });

  it('once saved, counts the runs of "Release 3.2" for 3.2 from the next sync on, keeping the tool’s name', async () => {
    const saved = await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }] });
    expect(row(saved, 'Release 3.2')).toEqual({ toolVersion: 'Release 3.2', jiraVersion: '3.2', source: 'admin', seen: true, inJira: true });

    await app.admin('syncNow', { connectionId: CONN });
    await app.server.runtime.drain();
    const run = (await app.admin('getOverview')).history[0];
    expect(run).toMatchObject({ connectionId: CONN, state: 'succeeded', counts: { created: 0, failed: 0 } });
    expect(run.counts.updated).toBeGreaterThan(0);

    const stored = await entries();
    expect(stored.filter((e) => e.version === 'Release 3.2')).toEqual([]);
    const remapped = stored.filter((e) => e.toolVersion === 'Release 3.2');
    expect(remapped.length).toBeGreaterThan(0);
    expect(remapped.every((e) => e.version === '3.2')).toBe(true);

    // The demo release's story fails in 3.2, as its tests' runs there say.
    const coverage = await story();
    expect(coverage.readiness).toBe('FAIL');
    expect(coverage.readinessIn).toContain('3.2=FAIL');
    expect(coverage.readinessIn.some((r) => r.startsWith('Release 3.2'))).toBe(false);
  });

  it('writes who changed which tool version to what in the audit log', async () => {
    const page = await app.admin('listAudit', { connectionId: CONN });
    const entry = page.rows.find((r: any) => r.action === 'versionMapping.changed');
    expect(entry).toMatchObject({
      what: 'Version mapping changed',
      accountId: 'demo-admin',
      connectionName: 'qTest (demo)',
      changes: [{ field: 'Release 3.2', from: 'Same name', to: '3.2' }],
    });
  });

  it('re-counts nothing again once applied, and saving the same mapping again changes nothing', async () => {
    await app.admin('saveVersionMapping', { connectionId: CONN, mapping: [{ toolVersion: 'release 3.2 ', jiraVersion: '3.2' }] });
    await app.admin('syncNow', { connectionId: CONN });
    await app.server.runtime.drain();
    expect((await app.admin('getOverview')).history[0].counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const audited = (await app.admin('listAudit', { connectionId: CONN })).rows.filter((r: any) => r.action === 'versionMapping.changed');
    expect(audited).toHaveLength(1);
  });

  it('travels in the settings file and is checked there as on the page', async () => {
    const file = await app.admin('exportConfig', {});
    const doc = JSON.parse(file.text);
    expect(doc.connections.find((c: any) => c.id === CONN).versionMapping).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    const bad = { ...doc, connections: doc.connections.map((c: any) => (c.id === CONN ? { ...c, versionMapping: [...c.versionMapping, { toolVersion: 'RELEASE 3.2', jiraVersion: '' }] } : c)) };
    const check = await app.admin('previewConfigImport', { text: JSON.stringify(bad) });
    expect(check.ok).toBe(false);
    expect(check.problems.filter((p: any) => p.code === 'VERSION_MAPPING')).toEqual([
      { code: 'VERSION_MAPPING', path: '$.connections[0].versionMapping[1].jiraVersion', message: 'No Jira version is chosen for tool version "RELEASE 3.2"; choose one, or leave it under its own name.', connection: 'qTest (demo)' },
      {
        code: 'VERSION_MAPPING',
        path: '$.connections[0].versionMapping[1].toolVersion',
        message: 'Tool version "RELEASE 3.2" is mapped twice (also as "Release 3.2"; names are compared ignoring case and spaces around them).',
        connection: 'qTest (demo)',
      },
    ]);
  });

  it('is imported with its connection on another site, and audited there', async () => {
    const file = await app.admin('exportConfig', {});
    const target = await startTestApp({ seedDemo: false });
    try {
      const check = await target.admin('previewConfigImport', { text: file.text });
      expect(check.preview.connections.find((c: any) => c.id === CONN).versionMapping).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
      const result = await target.admin('importConfig', { text: file.text });
      expect(result).toMatchObject({ imported: true, complete: true });
      expect(result.written).toContainEqual({ kind: 'versionMapping', connectionId: CONN, connectionName: 'qTest (demo)' });
      const view = await target.admin('getVersionMapping', { connectionId: CONN });
      // Nothing synced there yet: the saved entry is listed as not seen, and Jira there has 3.2.
      expect(view.rows).toEqual([{ toolVersion: 'Release 3.2', jiraVersion: '3.2', source: 'admin', seen: false, inJira: true }]);
      const audited = (await target.admin('listAudit', { connectionId: CONN })).rows.filter((r: any) => r.action === 'versionMapping.changed');
      expect(audited).toEqual([expect.objectContaining({ changes: [{ field: 'Release 3.2', from: 'Same name', to: '3.2' }] })]);
    } finally {
      await target.close();
    }
  });
});
