/** Deterministic seed data for the simulated Jira site. */
import type { ClockState, SimIssueType, SimLinkType, SimProject, SimState, SimUser } from './types';

export type SeedName = 'demo' | 'empty';

/** Default start of the manual clock. */
export const DEFAULT_START = Date.parse('2026-11-20T09:00:00.000Z');

const ISSUE_TYPES: Record<string, SimIssueType> = {
  Story: { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', hierarchyLevel: 0 },
  Task: { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', hierarchyLevel: 0 },
  Bug: { id: '10003', name: 'Bug', description: 'A problem or error.', hierarchyLevel: 0 },
  Epic: { id: '10004', name: 'Epic', description: 'A collection of related bugs, stories, and tasks.', hierarchyLevel: 1 },
  Test: { id: '10005', name: 'Test', description: 'A test case synchronised from a test management tool.', hierarchyLevel: 0 },
};

export const DEMO_USERS: SimUser[] = [
  { accountId: 'demo-admin', displayName: 'Dana Admin', emailAddress: 'dana.admin@example.com', admin: true, browse: '*' },
  { accountId: 'demo-tester', displayName: 'Theo Tester', emailAddress: 'theo.tester@example.com', admin: false, browse: ['SHOP'] },
  { accountId: 'demo-outsider', displayName: 'Olive Outsider', emailAddress: 'olive.outsider@example.com', admin: false, browse: [] },
];

const PROJECTS: SimProject[] = [
  {
    id: '10000',
    key: 'SHOP',
    name: 'Online Shop',
    leadAccountId: 'demo-admin',
    issueTypes: ['Story', 'Task', 'Bug', 'Epic', 'Test'].map((n) => ISSUE_TYPES[n]),
  },
  {
    id: '10001',
    key: 'OPS',
    name: 'Operations',
    leadAccountId: 'demo-admin',
    issueTypes: ['Task', 'Bug'].map((n) => ISSUE_TYPES[n]),
  },
];

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

function adfParagraph(text: string): unknown {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** Builds a fresh state. The clock starts at `startMs`; seeded issues are dated in the days before. */
export function buildSeedState(seed: SeedName, clock: Omit<ClockState, 'lastMs'> & { startMs: number }): SimState {
  const state: SimState = {
    users: DEMO_USERS.map((u) => ({ ...u, browse: u.browse === '*' ? '*' : [...u.browse] })),
    projects: PROJECTS.map((p) => ({ ...p, issueTypes: p.issueTypes.map((t) => ({ ...t })) })),
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
  if (seed === 'demo') {
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
        reporterAccountId: 'demo-admin',
        created,
        updated: created + 60 * 60 * 1000,
        properties: {},
        extraFields: {},
      });
    });
  }
  return state;
}
