/**
 * The local runtime's dashboard gadget: `/gadget/` serves the gadget's page with the context Jira gives a gadget
 * (its configuration, and `entryPoint: 'edit'` in edit mode), keeps what `view.submit` saves per gadget, refuses
 * what Jira would not keep, and still has it after a restart on the same data directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalServer, type LocalServer } from '../../local/server';

let dataDir: string;
let server: LocalServer;

async function start(): Promise<LocalServer> {
  return createLocalServer({ port: 0, dataDir, schedule: false, seedDemo: false, realJira: null, log: () => undefined, simulators: { qtest: null, xray: null, qmetry: null } });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testsync-gadget-'));
  server = await start();
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The context the page's bridge answers `view.getContext()` with. */
async function contextOf(query: string): Promise<any> {
  const res = await fetch(`${server.url}/gadget/${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const config = /window\.__FORGE_LOCAL__ = (.*?);<\/script>/.exec(html)?.[1];
  expect(config).toBeDefined();
  return JSON.parse(config!).context;
}

const submit = (body: unknown) =>
  fetch(`${server.url}/__forge/gadget-config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('the gadget page', () => {
  it('opens a gadget never configured with an empty configuration, in view mode', async () => {
    const context = await contextOf('?gadget=a');
    expect(context.moduleKey).toBe('testsync-readiness-gadget');
    expect(context.extension).toEqual({ type: 'jira:dashboardGadget', gadget: { id: 'a' }, dashboard: { id: 'local-dashboard' }, gadgetConfiguration: {} });
  });

  it('keeps what view.submit saves for that gadget alone, and opens edit mode with it', async () => {
    expect(await submit({ moduleKey: 'testsync-readiness-gadget', gadgetId: 'a', configuration: { project: 'SHOP', version: '3.2' } })).toEqual({ status: 200, body: { ok: true } });
    expect((await contextOf('?gadget=a')).extension.gadgetConfiguration).toEqual({ project: 'SHOP', version: '3.2' });
    expect((await contextOf('?gadget=a&edit=1')).extension).toMatchObject({ entryPoint: 'edit', gadgetConfiguration: { project: 'SHOP', version: '3.2' } });
    expect((await contextOf('?gadget=b')).extension.gadgetConfiguration).toEqual({});
    // A configuration in the URL stands for the saved one.
    expect((await contextOf('?gadget=a&project=OPS')).extension.gadgetConfiguration).toEqual({ project: 'OPS' });
  });

  it.each([
    ['a module that is not a gadget', { moduleKey: 'testsync-admin', gadgetId: 'a', configuration: {} }, 'No dashboard gadget has the key "testsync-admin"'],
    ['a gadget id with a slash', { moduleKey: 'testsync-readiness-gadget', gadgetId: 'a/b', configuration: {} }, 'The gadget id must be 1 to 64 letters, digits, dashes or underscores.'],
    ['a configuration that is a list', { moduleKey: 'testsync-readiness-gadget', gadgetId: 'a', configuration: ['SHOP'] }, 'A gadget configuration must be a JSON object.'],
    ['a configuration of 10 KB', { moduleKey: 'testsync-readiness-gadget', gadgetId: 'a', configuration: { note: 'x'.repeat(10_001) } }, 'A gadget configuration must be at most 10000 characters of JSON.'],
  ])('refuses %s, keeping what was saved', async (_what, body, message) => {
    expect(await submit(body)).toEqual({ status: 400, body: { ok: false, error: { message } } });
    expect((await contextOf('?gadget=a')).extension.gadgetConfiguration).toEqual({ project: 'SHOP', version: '3.2' });
  });

  it('refuses a gadget id the dashboard would not have', async () => {
    expect((await fetch(`${server.url}/gadget/?gadget=${encodeURIComponent('<b>')}`)).status).toBe(400);
  });

  it('still has the saved configuration after a restart', async () => {
    await server.close();
    server = await start();
    expect((await contextOf('?gadget=a')).extension.gadgetConfiguration).toEqual({ project: 'SHOP', version: '3.2' });
  });
});
