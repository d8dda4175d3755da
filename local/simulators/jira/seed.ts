/** Deterministic seed data for the simulated Jira site. */
import { DEMO_XRAY_TESTS, QA_PROJECT, qaKey } from '../../demo/xray/catalog';
import { DEMO_DEFECT, DEMO_DEFECT_ID_WITH_XRAY } from '../../demo/defects';
import type { ClockState, SimComponent, SimIssueType, SimLinkType, SimProject, SimState, SimUser, SimVersion } from './types';

/**
 * `demo`: the SHOP and OPS projects with SHOP's 12 stories, SHOP's versions 3.1 (released) and 3.2 (the stories'
 * fix versions) and its components, and the Bug OPS-1 the tools' demo data link to a failed run (local/demo/defects.ts),
 * seeded last so that no other issue's key or id moves. `demo-xray`: the same plus Xray's QA project with the Test
 * issues QA-1..QA-30 linked to the SHOP stories they cover (what the Xray simulator's demo tenant describes); OPS-1
 * then has the issue id Xray's demo names it by.
 */
export type SeedName = 'demo' | 'demo-xray' | 'empty';

/** Default start of the manual clock. */
export const DEFAULT_START = Date.parse('2026-11-20T09:00:00.000Z');

const ISSUE_TYPES: Record<string, SimIssueType> = {
  Story: { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', hierarchyLevel: 0 },
  Task: { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', hierarchyLevel: 0 },
  Bug: { id: '10003', name: 'Bug', description: 'A problem or error.', hierarchyLevel: 0 },
  Epic: { id: '10004', name: 'Epic', description: 'A collection of related bugs, stories, and tasks.', hierarchyLevel: 1 },
  Test: { id: '10005', name: 'Test', description: 'A test case synchronised from a test management tool.', hierarchyLevel: 0 },
  'Test Set': { id: '10006', name: 'Test Set', description: 'Xray: a group of Tests.', hierarchyLevel: 0 },
  'Test Plan': { id: '10007', name: 'Test Plan', description: 'Xray: the Tests planned for a version.', hierarchyLevel: 0 },
  'Test Execution': { id: '10008', name: 'Test Execution', description: 'Xray: an execution of Tests.', hierarchyLevel: 0 },
  Precondition: { id: '10009', name: 'Precondition', description: 'Xray: the state a Test starts from.', hierarchyLevel: 0 },
};

export const DEMO_USERS: SimUser[] = [
  { accountId: 'demo-admin', displayName: 'Dana Admin', emailAddress: 'dana.admin@example.com', admin: true, browse: '*', edit: '*' },
  { accountId: 'demo-tester', displayName: 'Theo Tester', emailAddress: 'theo.tester@example.com', admin: false, browse: ['SHOP'], edit: ['SHOP'] },
  { accountId: 'demo-outsider', displayName: 'Olive Outsider', emailAddress: 'olive.outsider@example.com', admin: false, browse: [], edit: [] },
];

/**
 * The demo release: the test tools name their versions (qTest releases, Xray's fix versions, QMetry releases) the
 * same, so a requirement's readiness can be counted in its fix version.
 */
export const SHOP_VERSIONS: SimVersion[] = [
  { id: '10000', name: '3.1', description: 'Orders, returns and reviews', released: true, archived: false, releaseDate: '2026-10-15' },
  { id: '10001', name: '3.2', description: 'Checkout and catalog', released: false, archived: false, releaseDate: '2026-12-15' },
];

export const SHOP_COMPONENTS: SimComponent[] = [
  { id: '10000', name: 'Catalog', description: 'Products, search and reviews' },
  { id: '10001', name: 'Checkout', description: 'Cart, payment and order confirmation' },
];

const PROJECTS: SimProject[] = [
  {
    id: '10000',
    key: 'SHOP',
    name: 'Online Shop',
    leadAccountId: 'demo-admin',
    issueTypes: ['Story', 'Task', 'Bug', 'Epic', 'Test'].map((n) => ISSUE_TYPES[n]),
    versions: SHOP_VERSIONS,
    components: SHOP_COMPONENTS,
  },
  {
    id: '10001',
    key: 'OPS',
    name: 'Operations',
    leadAccountId: 'demo-admin',
    issueTypes: ['Task', 'Bug'].map((n) => ISSUE_TYPES[n]),
    versions: [],
    components: [],
  },
];

/** Xray's project: its Test issues and the other Xray issue types. */
const QA: SimProject = {
  id: QA_PROJECT.id,
  key: QA_PROJECT.key,
  name: QA_PROJECT.name,
  leadAccountId: 'demo-admin',
  issueTypes: ['Test', 'Test Set', 'Test Plan', 'Test Execution', 'Precondition', 'Bug'].map((n) => ISSUE_TYPES[n]),
  versions: [],
  components: [],
};

/** Jira's default link types plus the "Test" type the app uses. */
const LINK_TYPES: SimLinkType[] = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  { id: '10004', name: 'Test', inward: 'is tested by', outward: 'tests' },
];

const SHOP_STORIES = [
  'Checkout with saved card',
  'Guest checkout without an account',
  'Apply discount code at checkout',
  'Product search with filters',
  'Add items to the shopping cart',
  'Wishlist for signed-in customers',
  'Order confirmation email',
  'Track order shipment status',
  'Return an item within 30 days',
  'Product reviews and ratings',
  'Pay with PayPal',
  'Low-stock warning on product page',
];

/** SHOP-1..SHOP-6 are planned for 3.2, SHOP-7..SHOP-12 shipped in 3.1. */
function shopFixVersion(storyNumber: number): string {
  return storyNumber <= 6 ? '10001' : '10000';
}

/** Story number → component ids: checkout stories and catalog stories; the others have none. */
const SHOP_STORY_COMPONENTS: Record<number, string[]> = {
  1: ['10001'], 2: ['10001'], 3: ['10001'], 4: ['10000'], 5: ['10000', '10001'], 10: ['10000'], 11: ['10001'], 12: ['10000'],
};

function adfParagraph(text: string): unknown {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

function copyProject(p: SimProject): SimProject {
  return {
    ...p,
    issueTypes: p.issueTypes.map((t) => ({ ...t })),
    versions: p.versions.map((v) => ({ ...v })),
    components: p.components.map((c) => ({ ...c })),
  };
}

/** Builds a fresh state. The clock starts at `startMs`; seeded issues are dated in the days before. */
export function buildSeedState(seed: SeedName, clock: Omit<ClockState, 'lastMs'> & { startMs: number }): SimState {
  const state: SimState = {
    users: DEMO_USERS.map((u) => ({
      ...u,
      browse: u.browse === '*' ? '*' : [...u.browse],
      ...(u.edit !== undefined ? { edit: u.edit === '*' ? '*' : [...u.edit] } : {}),
    })),
    projects: PROJECTS.map(copyProject),
    issues: [],
    linkTypes: LINK_TYPES.map((t) => ({ ...t })),
    links: [],
    remoteLinks: [],
    counters: { issueId: 10000, linkId: 10000, remoteLinkId: 10000, issueNumber: { SHOP: 1, OPS: 1 } },
    clock: {
      mode: clock.mode,
      stepMs: clock.stepMs,
      baseMs: clock.mode === 'manual' ? clock.startMs : clock.startMs - Date.now(),
      lastMs: clock.startMs,
    },
  };
  if (seed === 'demo' || seed === 'demo-xray') {
    const day = 24 * 60 * 60 * 1000;
    SHOP_STORIES.forEach((summary, i) => {
      const created = clock.startMs - (SHOP_STORIES.length - i) * day;
      const n = state.counters.issueNumber.SHOP++;
      state.issues.push({
        id: String(state.counters.issueId++),
        key: `SHOP-${n}`,
        projectId: '10000',
        issueTypeId: ISSUE_TYPES.Story.id,
        summary,
        description: adfParagraph(`As a customer I want: ${summary.toLowerCase()}.`),
        labels: i % 3 === 0 ? ['checkout'] : [],
        priority: 'Medium',
        status: 'To Do',
        fixVersionIds: [shopFixVersion(n)],
        componentIds: [...(SHOP_STORY_COMPONENTS[n] ?? [])],
        reporterAccountId: 'demo-admin',
        creatorAccountId: 'demo-admin',
        created,
        updated: created + 60 * 60 * 1000,
        properties: {},
        extraFields: {},
      });
    });
    if (seed === 'demo-xray') seedXrayTests(state, clock.startMs);
    seedDemoDefect(state, seed === 'demo-xray', clock.startMs);
  }
  return state;
}

/**
 * The demo's Bug in OPS, open, created the day before the clock starts. With Xray, it takes the issue id Xray's demo
 * tenant knows it by (past every id of that tenant), and issues created later follow it.
 */
function seedDemoDefect(state: SimState, withXray: boolean, startMs: number): void {
  if (withXray) state.counters.issueId = Math.max(state.counters.issueId, Number(DEMO_DEFECT_ID_WITH_XRAY));
  const n = state.counters.issueNumber[DEMO_DEFECT.projectKey]++;
  const created = startMs - 24 * 60 * 60 * 1000;
  state.issues.push({
    id: String(state.counters.issueId++),
    key: `${DEMO_DEFECT.projectKey}-${n}`,
    projectId: PROJECTS.find((p) => p.key === DEMO_DEFECT.projectKey)!.id,
    issueTypeId: ISSUE_TYPES.Bug.id,
    summary: DEMO_DEFECT.summary,
    description: adfParagraph('Paying with a saved card is declined on staging; a failed test run caught it.'),
    labels: [],
    priority: 'High',
    status: 'To Do',
    fixVersionIds: [],
    componentIds: [],
    reporterAccountId: 'demo-admin',
    creatorAccountId: 'demo-admin',
    created,
    updated: created,
    properties: {},
    extraFields: {},
  });
}

/**
 * Xray's Test issues QA-1..QA-30 (local/demo/xray/catalog.ts), each linked to the SHOP stories it covers with the
 * "Test" link type as Xray links them: the test on the inward side ("tests"), the story outward ("is tested by").
 */
function seedXrayTests(state: SimState, startMs: number): void {
  const day = 24 * 60 * 60 * 1000;
  state.projects.push(copyProject(QA));
  state.counters.issueNumber.QA = 1;
  const shopIdByKey = new Map(state.issues.filter((i) => i.projectId === '10000').map((i) => [i.key, i.id]));
  DEMO_XRAY_TESTS.forEach((t, i) => {
    const created = startMs - (60 - i) * day;
    const n = state.counters.issueNumber.QA++;
    const id = String(state.counters.issueId++);
    state.issues.push({
      id,
      key: qaKey(n),
      projectId: QA_PROJECT.id,
      issueTypeId: ISSUE_TYPES.Test.id,
      summary: t.summary,
      description: adfParagraph(`${t.kind} test: ${t.summary.toLowerCase()}.`),
      labels: [...t.labels],
      priority: t.priority,
      status: 'To Do',
      fixVersionIds: [],
      componentIds: [],
      reporterAccountId: 'demo-admin',
      creatorAccountId: 'demo-admin',
      created,
      updated: created + 2 * 60 * 60 * 1000,
      properties: {},
      extraFields: {},
    });
    for (const story of t.covers) {
      const storyId = shopIdByKey.get(`SHOP-${story}`);
      if (!storyId) continue;
      state.links.push({ id: String(state.counters.linkId++), typeId: '10004', inwardIssueId: id, outwardIssueId: storyId });
    }
  });
}

/**
 * A snapshot saved before projects had versions and components (the local runtime keeps one across restarts) is
 * brought up to date: every project gets the lists, the demo's SHOP project and its seeded stories (the same ids,
 * keys and summaries) the demo release, as a fresh demo seed has them.
 */
export function upgradeSnapshot(state: SimState): SimState {
  for (const project of state.projects as Array<Omit<SimProject, 'versions' | 'components'> & Partial<SimProject>>) {
    if (project.versions !== undefined) continue;
    const demo = project.id === '10000' && project.key === 'SHOP';
    project.versions = demo ? SHOP_VERSIONS.map((v) => ({ ...v })) : [];
    project.components ??= demo ? SHOP_COMPONENTS.map((c) => ({ ...c })) : [];
    if (!demo) continue;
    SHOP_STORIES.forEach((summary, i) => {
      const n = i + 1;
      const story = state.issues.find((s) => s.id === String(10000 + i) && s.key === `SHOP-${n}` && s.summary === summary);
      if (story && story.fixVersionIds === undefined) {
        story.fixVersionIds = [shopFixVersion(n)];
        story.componentIds = [...(SHOP_STORY_COMPONENTS[n] ?? [])];
      }
    });
  }
  return state;
}
