/**
 * Versions, components and parents in the Jira simulator: the demo release in the seed, the project's version and
 * component lists (with browse permissions), and `fixVersions`, `components` and `parent` on issues as Jira renders,
 * sets and refuses them.
 */
import { createJiraSimulator } from '../../local/simulators/jira';
import type { JiraHarness } from '../../local/simulators/jira/testing';
import { useJiraHarness } from '../support/jira-harness';

const SITE = 'https://testsync-demo.atlassian.net';
const V31 = { self: `${SITE}/rest/api/3/version/10000`, id: '10000', description: 'Orders, returns and reviews', name: '3.1', archived: false, released: true, releaseDate: '2026-10-15' };
const V32 = { self: `${SITE}/rest/api/3/version/10001`, id: '10001', description: 'Checkout and catalog', name: '3.2', archived: false, released: false, releaseDate: '2026-12-15' };
const CATALOG = { self: `${SITE}/rest/api/3/component/10000`, id: '10000', name: 'Catalog', description: 'Products, search and reviews' };
const CHECKOUT = { self: `${SITE}/rest/api/3/component/10001`, id: '10001', name: 'Checkout', description: 'Cart, payment and order confirmation' };
const NO_SHOP = { errorMessages: ["No project could be found with key 'SHOP'."], errors: {} };

/** A violation the test provoked on purpose is checked, then taken out so the harness sees none left. */
function takeViolations(h: JiraHarness): Array<{ kind: string; message: string }> {
  return h.sim.violations.splice(0).map(({ kind, message }) => ({ kind, message }));
}

const fieldsOf = async (h: JiraHarness, key: string, fields = 'fixVersions,components,parent') =>
  (await h.call('GET', `/rest/api/3/issue/${key}`, { query: { fields } })).body.fields;

describe('the demo release (seed demo)', () => {
  const h = useJiraHarness();

  it("lists SHOP's versions as Jira does, to whoever may browse SHOP, and 404s for anyone else", async () => {
    const asApp = await h.call('GET', '/rest/api/3/project/SHOP/versions');
    expect(asApp.status).toBe(200);
    expect(asApp.body).toEqual([
      { ...V31, userReleaseDate: '15/Oct/2026', overdue: false, projectId: 10000 },
      { ...V32, userReleaseDate: '15/Dec/2026', overdue: false, projectId: 10000 },
    ]);
    expect((await h.call('GET', '/rest/api/3/project/10000/versions', { as: 'user:demo-tester' })).body).toEqual(asApp.body);

    const outsider = await h.call('GET', '/rest/api/3/project/SHOP/versions', { as: 'user:demo-outsider' });
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual(NO_SHOP);
    expect((await h.call('GET', '/rest/api/3/project/SHOP/version', { as: 'user:demo-outsider' })).status).toBe(404);
    expect((await h.call('GET', '/rest/api/3/project/OPS/versions', { as: 'user:demo-tester' })).status).toBe(404);
    expect((await h.call('GET', '/rest/api/3/project/OPS/versions')).body).toEqual([]);
  });

  it('marks an unreleased version overdue once its release date has passed on the site clock', async () => {
    await h.control('POST', '/__sim/clock', { set: '2026-12-16T09:00:00.000Z' });
    const versions = (await h.call('GET', '/rest/api/3/project/SHOP/versions')).body;
    expect(versions.map((v: { name: string; overdue: boolean }) => [v.name, v.overdue])).toEqual([['3.1', false], ['3.2', true]]);
  });

  it('pages, filters and orders the versions, and counts their issues by status category', async () => {
    const first = await h.call('GET', '/rest/api/3/project/SHOP/version', { query: { maxResults: '1' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 1, total: 2, isLast: false, nextPage: `${SITE}/rest/api/3/project/SHOP/version?startAt=1&maxResults=1` });
    expect(first.body.values.map((v: { name: string }) => v.name)).toEqual(['3.1']);
    const second = await h.call('GET', '/rest/api/3/project/SHOP/version', { query: { startAt: '1', maxResults: '1' } });
    expect(second.body).toMatchObject({ startAt: 1, total: 2, isLast: true });
    expect(second.body.nextPage).toBeUndefined();
    expect(second.body.values.map((v: { name: string }) => v.name)).toEqual(['3.2']);

    const names = async (query: Record<string, string>) =>
      (await h.call('GET', '/rest/api/3/project/SHOP/version', { query })).body.values.map((v: { name: string }) => v.name);
    expect(await names({ status: 'unreleased' })).toEqual(['3.2']);
    expect(await names({ status: 'released,archived' })).toEqual(['3.1']);
    expect(await names({ orderBy: '-releaseDate' })).toEqual(['3.2', '3.1']);
    expect(await names({ orderBy: '-name' })).toEqual(['3.2', '3.1']);
    expect(await names({ query: 'CHECKOUT' })).toEqual(['3.2']);

    const withCounts = await h.call('GET', '/rest/api/3/project/SHOP/version', { query: { expand: 'issuesstatus' } });
    expect(withCounts.body.values.map((v: { name: string; issuesStatusForFixVersion: unknown }) => [v.name, v.issuesStatusForFixVersion])).toEqual([
      ['3.1', { done: 0, inProgress: 0, toDo: 6, unmapped: 0 }],
      ['3.2', { done: 0, inProgress: 0, toDo: 6, unmapped: 0 }],
    ]);

    const badStatus = await h.call('GET', '/rest/api/3/project/SHOP/version', { query: { status: 'shipped' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errorMessages).toEqual(["The status 'shipped' is not valid. Valid statuses are: released, unreleased, archived."]);
    const badOrder = await h.call('GET', '/rest/api/3/project/SHOP/version', { query: { orderBy: 'priority' } });
    expect(badOrder.status).toBe(400);
    expect(takeViolations(h)).toEqual([{ kind: 'request-query', message: expect.stringContaining("'orderBy'") }]);
  });

  it('says plainly which version expansions it does not render', async () => {
    const res = await h.call('GET', '/rest/api/3/project/SHOP/versions', { query: { expand: 'operations' } });
    expect(res.status).toBe(400);
    expect(takeViolations(h)).toEqual([{ kind: 'unsupported-operation', message: 'The Jira simulator does not support expand=operations on versions.' }]);
  });

  it('lists the components, and shows versions and components in GET project', async () => {
    const components = await h.call('GET', '/rest/api/3/project/SHOP/components', { as: 'user:demo-tester' });
    expect(components.status).toBe(200);
    expect(components.body).toEqual([CATALOG, CHECKOUT].map((c) => ({
      ...c, assigneeType: 'PROJECT_DEFAULT', realAssigneeType: 'PROJECT_DEFAULT', isAssigneeTypeValid: false, project: 'SHOP', projectId: 10000,
    })));
    expect((await h.call('GET', '/rest/api/3/project/SHOP/components', { query: { componentSource: 'compass' } })).body).toEqual([]);
    expect((await h.call('GET', '/rest/api/3/project/SHOP/components', { as: 'user:demo-outsider' })).body).toEqual(NO_SHOP);

    const project = (await h.call('GET', '/rest/api/3/project/SHOP')).body;
    expect(project.versions.map((v: { name: string }) => v.name)).toEqual(['3.1', '3.2']);
    expect(project.components.map((c: { name: string }) => c.name)).toEqual(['Catalog', 'Checkout']);
  });

  it("renders the stories' fix versions and components, and no parent when there is none", async () => {
    expect(await fieldsOf(h, 'SHOP-1')).toEqual({ fixVersions: [V32], components: [CHECKOUT] });
    expect(await fieldsOf(h, 'SHOP-5')).toEqual({ fixVersions: [V32], components: [CATALOG, CHECKOUT] });
    expect(await fieldsOf(h, 'SHOP-7')).toEqual({ fixVersions: [V31], components: [] });

    const search = await h.call('POST', '/rest/api/3/search/jql', { body: { jql: 'project = SHOP ORDER BY key ASC', fields: ['fixVersions'], maxResults: 100 } });
    const byKey = Object.fromEntries(search.body.issues.map((i: { key: string; fields: { fixVersions: Array<{ name: string }> } }) => [i.key, i.fields.fixVersions.map((v) => v.name)]));
    expect(byKey).toEqual(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`SHOP-${i + 1}`, [i < 6 ? '3.2' : '3.1']])));

    const all = (await h.call('GET', '/rest/api/3/issue/SHOP-2', { query: { expand: 'names' } })).body;
    expect(all.fields.fixVersions).toEqual([V32]);
    expect(all.names).toMatchObject({ fixVersions: 'Fix versions', components: 'Components' });
    expect('parent' in all.fields).toBe(false);
  });
});

describe('the demo release with Xray (seed demo-xray)', () => {
  const h = useJiraHarness({ seed: 'demo-xray' });

  it("has the same release; Xray's tests in QA have no fix version", async () => {
    expect((await h.call('GET', '/rest/api/3/project/SHOP/versions')).body.map((v: { name: string }) => v.name)).toEqual(['3.1', '3.2']);
    expect((await fieldsOf(h, 'SHOP-1', 'fixVersions')).fixVersions).toEqual([V32]);
    expect((await fieldsOf(h, 'QA-1', 'fixVersions')).fixVersions).toEqual([]);
    expect((await h.call('GET', '/rest/api/3/project/QA/versions')).body).toEqual([]);
  });
});

describe('setting fixVersions, components and parent', () => {
  const h = useJiraHarness();

  it('creates a story with fix versions and components given by name or id', async () => {
    const created = await h.call('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'SHOP' }, issuetype: { name: 'Story' }, summary: 'Gift cards', fixVersions: [{ name: '3.2' }, { id: '10001' }], components: [{ name: 'checkout' }] } },
    });
    expect(created.status).toBe(201);
    expect(await fieldsOf(h, created.body.key)).toEqual({ fixVersions: [V32], components: [CHECKOUT] });
  });

  it('edits them with fields and with add, remove and set operations, and bumps updated', async () => {
    const updated = async () => (await fieldsOf(h, 'SHOP-7', 'updated')).updated as string;
    const before = await updated();
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-7', { body: { fields: { fixVersions: [{ id: '10001' }] } } })).status).toBe(204);
    expect((await fieldsOf(h, 'SHOP-7')).fixVersions).toEqual([V32]);
    expect((await updated()) > before).toBe(true);

    const ops = await h.call('PUT', '/rest/api/3/issue/SHOP-7', {
      as: 'user:demo-tester',
      body: { update: { fixVersions: [{ add: { name: '3.1' } }], components: [{ add: { name: 'Catalog' } }, { add: { id: '10001' } }, { remove: { name: 'Catalog' } }] } },
    });
    expect(ops.status).toBe(204);
    expect(await fieldsOf(h, 'SHOP-7')).toEqual({ fixVersions: [V32, V31], components: [CHECKOUT] });

    await h.call('PUT', '/rest/api/3/issue/SHOP-7', { body: { update: { fixVersions: [{ remove: { name: '3.2' } }], components: [{ set: [] }] } } });
    expect(await fieldsOf(h, 'SHOP-7')).toEqual({ fixVersions: [V31], components: [] });

    const unchanged = await updated();
    await h.call('PUT', '/rest/api/3/issue/SHOP-7', { body: { fields: { fixVersions: [{ name: '3.1' }] } } });
    expect(await updated()).toBe(unchanged);
  });

  it("refuses a version or component the issue's project does not have, with Jira's field errors", async () => {
    const refuse = async (key: string, body: unknown) => {
      const res = await h.call('PUT', `/rest/api/3/issue/${key}`, { body });
      expect(res.status).toBe(400);
      return res.body;
    };
    expect(await refuse('SHOP-1', { fields: { fixVersions: [{ name: '9.9' }] } })).toEqual({ errorMessages: [], errors: { fixVersions: "Version name '9.9' is not valid" } });
    expect(await refuse('SHOP-1', { fields: { fixVersions: [{ id: '99999' }] } })).toEqual({ errorMessages: [], errors: { fixVersions: "Version id '99999' is not valid" } });
    expect(await refuse('SHOP-1', { update: { components: [{ add: { name: 'Payments' } }] } })).toEqual({ errorMessages: [], errors: { components: "Component name 'Payments' is not valid" } });

    const ops = await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Deploy', fixVersions: [{ name: '3.2' }] } } });
    expect(ops.body).toEqual({ errorMessages: [], errors: { fixVersions: "Version name '3.2' is not valid" } });
    expect(await fieldsOf(h, 'SHOP-1')).toEqual({ fixVersions: [V32], components: [CHECKOUT] });
    expect(takeViolations(h)).toEqual([]);
  });

  it('records malformed values as requests the real Jira would reject', async () => {
    const notArray = await h.call('PUT', '/rest/api/3/issue/SHOP-1', { body: { fields: { fixVersions: '3.2' } } });
    expect(notArray.body).toEqual({ errorMessages: [], errors: { fixVersions: 'data was not an array' } });
    const notObject = await h.call('PUT', '/rest/api/3/issue/SHOP-1', { body: { fields: { parent: 'SHOP-2' } } });
    expect(notObject.body).toEqual({ errorMessages: [], errors: { parent: 'data was not an object' } });
    expect(takeViolations(h).map((v) => v.kind)).toEqual(['request-fields', 'request-fields']);
  });

  it('puts stories under an epic, finds them by parent, and takes them out again', async () => {
    const epic = (await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'SHOP' }, issuetype: { name: 'Epic' }, summary: 'Checkout 3.2', fixVersions: [{ name: '3.2' }] } } })).body;
    for (const key of ['SHOP-1', 'SHOP-2']) {
      expect((await h.call('PUT', `/rest/api/3/issue/${key}`, { body: { fields: { parent: { key: epic.key } } } })).status).toBe(204);
    }
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-3', { body: { update: { parent: [{ set: { id: epic.id } }] } } })).status).toBe(204);
    expect((await fieldsOf(h, 'SHOP-1', 'parent')).parent).toEqual({
      id: epic.id, key: epic.key, self: `${SITE}/rest/api/3/issue/${epic.id}`,
      fields: expect.objectContaining({ summary: 'Checkout 3.2', issuetype: expect.objectContaining({ name: 'Epic', hierarchyLevel: 1 }) }),
    });

    const keys = async (jql: string) =>
      (await h.call('POST', '/rest/api/3/search/jql', { body: { jql: `${jql} ORDER BY key ASC`, fields: ['key'] } })).body.issues.map((i: { key: string }) => i.key);
    expect(await keys(`parent = ${epic.key}`)).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3']);
    expect(await keys(`parent in (${epic.id}) AND component = Checkout`)).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3']);
    expect(await keys('project = SHOP AND issuetype = Story AND parent is EMPTY')).toHaveLength(9);

    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-3', { body: { fields: { parent: {} } } })).status).toBe(204);
    expect('parent' in (await fieldsOf(h, 'SHOP-3', 'parent'))).toBe(false);
    expect((await h.call('DELETE', `/rest/api/3/issue/${epic.key}`)).status).toBe(204);
    expect('parent' in (await fieldsOf(h, 'SHOP-1', 'parent'))).toBe(false);
    expect(await keys('project = SHOP AND parent is not EMPTY')).toEqual([]);
  });

  it('refuses a parent that does not exist, cannot be seen, or is not one level up', async () => {
    const parentError = async (parent: unknown, as = 'app') =>
      (await h.call('PUT', '/rest/api/3/issue/SHOP-1', { as, body: { fields: { parent } } })).body.errors?.parent;
    expect(await parentError({ key: 'SHOP-999' })).toBe('Could not find issue by id or key.');
    expect(await parentError({ key: 'SHOP-2' })).toBe('Given parent issue does not belong to appropriate hierarchy.');
    const epic = (await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'SHOP' }, issuetype: { name: 'Epic' }, summary: 'Loyalty' } } })).body;
    const story = await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'SHOP' }, issuetype: { name: 'Story' }, summary: 'Points', parent: { key: epic.key } } } });
    expect((await fieldsOf(h, story.body.key, 'parent')).parent.key).toBe(epic.key);
    const opsTask = (await h.call('POST', '/rest/api/3/issue', { body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Hidden' } } })).body;
    expect(await parentError({ key: opsTask.key }, 'user:demo-tester')).toBe('Could not find issue by id or key.');
    expect((await h.call('PUT', '/rest/api/3/issue/SHOP-1', { as: 'user:demo-tester', body: { fields: { parent: { key: epic.key } } } })).status).toBe(204);
  });
});

describe('snapshots saved before versions existed', () => {
  it('get the demo release on restore, on the seeded stories only', () => {
    const sim = createJiraSimulator();
    const older = sim.snapshot() as unknown as { projects: Array<Record<string, unknown>>; issues: Array<Record<string, unknown>> };
    for (const p of older.projects) {
      delete p.versions;
      delete p.components;
    }
    for (const i of older.issues) {
      delete i.fixVersionIds;
      delete i.componentIds;
    }
    older.issues[1].summary = 'Renamed by a user';
    sim.restore(older);
    const shop = sim.state.project('SHOP')!;
    expect(shop.versions.map((v) => [v.name, v.released, v.releaseDate])).toEqual([['3.1', true, '2026-10-15'], ['3.2', false, '2026-12-15']]);
    expect(shop.components.map((c) => c.name)).toEqual(['Catalog', 'Checkout']);
    expect(sim.state.project('OPS')!.versions).toEqual([]);
    expect(sim.state.findIssue('SHOP-1')!.fixVersionIds).toEqual(['10001']);
    expect(sim.state.findIssue('SHOP-2')!.fixVersionIds).toBeUndefined();
    expect(sim.state.findIssue('SHOP-12')!.fixVersionIds).toEqual(['10000']);
  });
});
