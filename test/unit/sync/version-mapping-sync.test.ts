/**
 * The version mapping in the sync, on in-memory ports: a run's version is counted for the mapped Jira version and
 * keeps the tool's own name; a changed mapping is re-applied to what is already synced (history and contexts, the
 * contexts that then fall together merged) and the requirement's readiness in its fix version follows.
 */
import { saveVersionMapping, versionsSeen } from '../../../src/config/version-mappings';
import { CONTEXTS_MAX } from '../../../src/domain/readiness';
import { useLogSink } from '../../../src/platform/log';
import { CONNECTION, createWorld, type World } from '../../support/engine/world';
import { PROJECT } from '../../support/engine/fake-tool';

interface Entry {
  runId: string;
  status: string;
  version?: string;
  toolVersion?: string;
  cycle?: string;
}
interface Property {
  history: Entry[];
  contexts?: Entry[];
}

describe('version mapping in the sync', () => {
  let w: World;
  let restoreLog: () => void;
  beforeEach(async () => {
    restoreLog = useLogSink(() => undefined);
    w = await createWorld();
    // SHOP-1 (covered by case 1 alone) is planned for Jira's fix version 3.2.
    w.jira.find('SHOP-1')!.fields.fixVersions = ['3.2'];
  });
  afterEach(() => {
    w.close();
    restoreLog();
  });

  /** A run of a case in a tool version, an hour after the previous one. */
  function run(caseId: string, status: string, version: string | undefined) {
    w.advance(3_600_000);
    const r = w.tool.addRun(caseId, status);
    if (version) r.version = version;
    return r;
  }
  const testProperty = (caseId: string) => {
    const [issue] = w.jira.appIssuesBySourceKey().get(`qtest:${CONNECTION}:${PROJECT}:${caseId}`) ?? [];
    return w.jira.property(issue.id, 'testsync') as Property;
  };
  const entry = (caseId: string, runId: string) => testProperty(caseId).history.find((e) => e.runId === runId);
  const coverage = () => w.jira.property('SHOP-1', 'testsync-coverage') as { readiness: string; readinessVersions?: string[]; readinessIn: string[] };
  const mapReleases = (entries: { toolVersion: string; jiraVersion: string }[]) => saveVersionMapping(CONNECTION, entries, new Date(w.clock.t));

  it('counts a run for the mapped Jira version and keeps the tool’s name; an unmapped version keeps its own', async () => {
    await mapReleases([{ toolVersion: 'release 3.2', jiraVersion: '3.2' }]);
    const mapped = run('1', 'Failed', 'Release 3.2');
    const own = run('2', 'Passed', '3.1');
    const none = run('3', 'Passed', undefined);
    expect(await w.sync()).toMatchObject({ state: 'succeeded', counts: { failed: 0 } });

    expect(entry('1', mapped.externalId)).toMatchObject({ version: '3.2', toolVersion: 'Release 3.2', status: 'FAIL' });
    expect(entry('2', own.externalId)).toMatchObject({ version: '3.1' });
    expect(entry('2', own.externalId)).not.toHaveProperty('toolVersion');
    expect(entry('3', none.externalId)).not.toHaveProperty('version');
    expect(testProperty('1').contexts).toEqual(expect.arrayContaining([expect.objectContaining({ runId: mapped.externalId, version: '3.2', toolVersion: 'Release 3.2' })]));
    // SHOP-1's readiness in its fix version 3.2 counts the failed run of "Release 3.2".
    expect(coverage()).toMatchObject({ readiness: 'FAIL', readinessVersions: ['3.2'], readinessIn: ['3.2=FAIL'] });
    // The admin page offers the tool's own names.
    expect((await versionsSeen(CONNECTION)).sort()).toEqual(['3.1', 'Release 3.2']);
  });

  it('re-applies a saved mapping to what is synced at the next sync, and a removed one from the tool’s name', async () => {
    const mapped = run('1', 'Failed', 'Release 3.2');
    await w.sync();
    expect(entry('1', mapped.externalId)).toMatchObject({ version: 'Release 3.2' });
    // No run of SHOP-1's test in 3.2 yet: not run there.
    expect(coverage()).toMatchObject({ readiness: 'NOTRUN', readinessVersions: ['3.2'] });

    w.advance(60_000);
    await mapReleases([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    const remapped = await w.sync();
    expect(remapped).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 1, failed: 0 } });
    expect(entry('1', mapped.externalId)).toMatchObject({ version: '3.2', toolVersion: 'Release 3.2' });
    expect(coverage()).toMatchObject({ readiness: 'FAIL', readinessIn: ['3.2=FAIL'] });

    // Applied once: the next sync changes nothing.
    w.advance(60_000);
    expect(await w.sync()).toMatchObject({ counts: { created: 0, updated: 0, failed: 0 } });

    w.advance(60_000);
    await mapReleases([]);
    await w.sync();
    const back = entry('1', mapped.externalId)!;
    expect(back.version).toBe('Release 3.2');
    expect(back).not.toHaveProperty('toolVersion');
    expect(coverage()).toMatchObject({ readiness: 'NOTRUN', readinessIn: ['Release 3.2=FAIL'] });
  });

  it('merges the contexts two tool versions fall into once both count for one Jira version, the latest result kept', async () => {
    const older = run('1', 'Failed', 'Release 3.2');
    const newer = run('1', 'Passed', '3.2');
    await w.sync();
    const versionsOf = () => (testProperty('1').contexts ?? []).filter((c) => c.version).map((c) => c.version);
    expect(versionsOf().sort()).toEqual(['3.2', 'Release 3.2']);
    const before = testProperty('1').contexts!.length;

    w.advance(60_000);
    await mapReleases([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    await w.sync();
    const contexts = testProperty('1').contexts!;
    expect(contexts).toHaveLength(before - 1);
    expect(contexts.length).toBeLessThanOrEqual(CONTEXTS_MAX);
    expect(contexts.filter((c) => c.version === '3.2')).toEqual([expect.objectContaining({ runId: newer.externalId, status: 'PASS' })]);
    // The history keeps every run, each counted for 3.2.
    expect(entry('1', older.externalId)).toMatchObject({ version: '3.2', toolVersion: 'Release 3.2', status: 'FAIL' });
    expect(entry('1', newer.externalId)).toMatchObject({ version: '3.2', status: 'PASS' });
    expect(coverage()).toMatchObject({ readiness: 'PASS', readinessIn: ['3.2=PASS'] });
  });

  it('notes no versions seen in a dry run', async () => {
    await mapReleases([{ toolVersion: 'Release 3.2', jiraVersion: '3.2' }]);
    run('1', 'Failed', 'Release 3.2');
    expect(await w.sync({ dryRun: true })).toMatchObject({ state: 'succeeded', dryRun: true });
    expect(await versionsSeen(CONNECTION)).toEqual([]);
  });
});
