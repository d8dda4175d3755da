/**
 * While TestSync's licence for the site is not active, every function of the admin page's and the issue panel's
 * resolvers answers LICENCE_INACTIVE, for admins and everyone else, before it reads or writes anything (no
 * storage, Jira, queue or tool call). With an active licence, or none (free, development), they work; the licence
 * is the one the platform passes, not one the page context claims.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InvocationContext } from '../../local/runtime';
import type { LicenseMode } from '../../local/runtime/context';
import { startTestApp, type TestApp } from '../support/local-app';

/** The functions a resolver file defines, as written in it (so a function added later is covered too). */
function definedIn(file: string): string[] {
  const source = readFileSync(path.join(__dirname, '..', '..', 'src', 'resolvers', file), 'utf8');
  return [...source.matchAll(/resolver\.define\(\s*'([^']+)'/g)].map((m) => m[1]);
}

const ADMIN_FUNCTIONS = definedIn('admin.ts');
const PANEL_FUNCTIONS = [...definedIn('panel.ts'), ...definedIn('panel-bugs.ts')];
const LICENCE_ANSWER = { error: { code: 'LICENCE_INACTIVE', message: expect.stringMatching(/^TestSync's licence for this site is not active\. /) } };
const PANEL_CONTEXT = { extension: { type: 'jira:issuePanel', issue: { key: 'SHOP-1' }, project: { key: 'SHOP' } } };

let app: TestApp;
/** Every platform and egress call the app made since the last reset. */
let calls: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  expect((await app.server.fireTrigger('sync-scheduler')).events.failed).toBe(0);
  const runtime = app.server.runtime;
  const forgeFetch = runtime.forgeFetch.bind(runtime);
  const egressFetch = runtime.egressFetch.bind(runtime);
  runtime.forgeFetch = (ctx: InvocationContext, descriptor, p, init) => {
    calls.push(`${descriptor?.type}${descriptor?.remote ? `/${descriptor.remote}` : ''} ${p}`);
    return forgeFetch(ctx, descriptor, p, init);
  };
  runtime.egressFetch = (ctx: InvocationContext, input, init) => {
    calls.push(`egress ${String(input instanceof Request ? input.url : input)}`);
    return egressFetch(ctx, input, init);
  };
});
afterAll(async () => app?.close());

const admin = (functionKey: string, license: LicenseMode, accountId = 'demo-admin'): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-admin', functionKey, payload: { connectionId: 'qtest-demo', runId: 'r1', runIds: ['r1'] }, accountId, license });
const panel = (functionKey: string, license: LicenseMode | undefined, context: Record<string, unknown> = PANEL_CONTEXT, accountId = 'demo-tester'): Promise<any> =>
  app.server.invoke({ moduleKey: 'testsync-panel', functionKey, payload: {}, accountId, context, ...(license ? { license } : {}) });

describe('resolvers on a site whose licence is not active', () => {
  it('finds the functions of both resolvers', () => {
    expect(ADMIN_FUNCTIONS).toEqual(expect.arrayContaining(['getOverview', 'saveConnectionChecked', 'syncNow', 'deleteConnection', 'listHistory', 'listAudit']));
    expect(PANEL_FUNCTIONS).toEqual(['getPanel', 'getTests', 'refresh', 'bugDraft', 'recordBug', 'retryBugPush']);
  });

  it.each(ADMIN_FUNCTIONS)('admin %s answers LICENCE_INACTIVE and reads or writes nothing', async (functionKey) => {
    calls = [];
    expect(await admin(functionKey, 'inactive')).toEqual(LICENCE_ANSWER);
    // Not even the check that the caller is a Jira admin.
    expect(await admin(functionKey, 'inactive', 'demo-tester')).toEqual(LICENCE_ANSWER);
    expect(calls).toEqual([]);
  });

  it.each(PANEL_FUNCTIONS)('panel %s answers LICENCE_INACTIVE and reads or writes nothing', async (functionKey) => {
    calls = [];
    expect(await panel(functionKey, 'inactive')).toEqual(LICENCE_ANSWER);
    // A page opened with ?license=inactive carries the licence in its context (as the local bridge sends it).
    expect(await panel(functionKey, undefined, { ...PANEL_CONTEXT, license: { active: false, isActive: false } })).toEqual(LICENCE_ANSWER);
    expect(calls).toEqual([]);
  });
});

describe('resolvers with an active licence or none', () => {
  it('answer as usual with an active licence and with no licence data (free app, development install)', async () => {
    for (const license of ['active', 'none'] as const) {
      const overview = await admin('getOverview', license);
      expect(overview.error).toBeUndefined();
      expect(overview.connections.map((c: { id: string }) => c.id)).toContain('qtest-demo');
      const view = await panel('getPanel', license);
      expect(view).toMatchObject({ kind: 'requirement', issueKey: 'SHOP-1' });
    }
    expect(calls.length).toBeGreaterThan(0);
  });

  it("uses the licence the platform passes, not one the page context claims", async () => {
    const view = await panel('getPanel', 'active', { ...PANEL_CONTEXT, license: { active: false } });
    expect(view).toMatchObject({ kind: 'requirement' });
    expect(await panel('getPanel', 'inactive', { ...PANEL_CONTEXT, license: { active: true } })).toEqual(LICENCE_ANSWER);
  });
});

describe('pages of the local server', () => {
  it('carry the licence of `?license=` in their context, and refuse an unknown one', async () => {
    const inactive = await (await fetch(`${app.server.url}/admin/?license=inactive`)).text();
    expect(inactive).toContain('"license":{"active":false,"isActive":false');
    const none = await (await fetch(`${app.server.url}/issue-panel/?issueKey=SHOP-1&license=none`)).text();
    expect(none).toContain('"license":null');
    const bad = await fetch(`${app.server.url}/admin/?license=expired`);
    expect(bad.status).toBe(400);
  });
});
