/**
 * Fixed vocabulary the qTest demo data is generated from: the Jira demo stories, module trees,
 * test case features and step templates.
 */

/** The Jira demo stories the qTest requirements were imported from (qTest Jira integration). */
export const JIRA_STORIES: Array<{ key: string; summary: string; issueId: string }> = [
  ['Browse the product catalogue', '10001'],
  ['Search products by keyword', '10002'],
  ['Checkout with saved card', '10003'],
  ['Apply a discount code', '10004'],
  ['Track an order', '10005'],
  ['Sign in with email and password', '10006'],
  ['Reset a forgotten password', '10007'],
  ['Manage the shopping cart', '10008'],
  ['Choose a delivery slot', '10009'],
  ['Write a product review', '10010'],
  ['Compare products side by side', '10011'],
  ['Pay with a gift card', '10012'],
].map(([summary, issueId], i) => ({ key: `SHOP-${i + 1}`, summary, issueId }));

export interface ModuleSpec {
  name: string;
  /** Features tested in this module; each yields test case names. */
  features?: string[];
  /** Stories the module's cases usually cover. */
  stories?: string[];
  children?: ModuleSpec[];
}

/** A release (named as the Jira fix version it stands for) and its test cycles, oldest first. */
export interface ReleaseSpec {
  name: string;
  cycles: string[];
}

/** A test cycle directly under the root, targeting a release (Target Release/Build) or none. */
export interface RootCycleSpec {
  name: string;
  targetRelease?: string;
  environments: string[];
}

export interface ProjectSpec {
  id: number;
  name: string;
  description: string;
  statusId: number;
  cases: number;
  modules: ModuleSpec[];
  /** Releases, oldest first; their cycles follow one another over the 30 days before the anchor. */
  releases: ReleaseSpec[];
  /** Cycles outside any release, their runs spread over the whole 30 days. */
  rootCycles: RootCycleSpec[];
  /** One test suite per environment in every release cycle (the suite's Environment field). */
  environments: string[];
  /** Share of the project's cases each cycle includes. */
  cycleCoverage: number;
}

/** The environments of the demo release, as every tool names them. */
export const ENVIRONMENTS = ['staging', 'production'];

export const PROJECTS: ProjectSpec[] = [
  {
    id: 101,
    name: 'Web Storefront',
    description: 'Customer-facing web shop',
    statusId: 101,
    cases: 120,
    releases: [
      { name: '3.1', cycles: ['Sprint 39 regression', 'Sprint 40 regression', 'Release 3.1'] },
      { name: '3.2', cycles: ['Sprint 41 regression', 'Release 3.2'] },
    ],
    rootCycles: [{ name: 'Exploratory sessions', environments: ['staging'] }],
    environments: ENVIRONMENTS,
    cycleCoverage: 0.8,
    modules: [
      {
        name: 'Catalog',
        children: [
          { name: 'Search', features: ['keyword search', 'search filters', 'search suggestions', 'empty search results'], stories: ['SHOP-2'] },
          { name: 'Product page', features: ['product gallery', 'product variants', 'stock badge', 'related products'], stories: ['SHOP-1', 'SHOP-11'] },
        ],
      },
      { name: 'Cart', features: ['add to cart', 'change quantity', 'remove item', 'cart persistence'], stories: ['SHOP-8'] },
      {
        name: 'Checkout',
        children: [
          { name: 'Payment', features: ['saved card payment', 'new card payment', 'gift card payment', '3-D Secure challenge'], stories: ['SHOP-3', 'SHOP-4'] },
          { name: 'Shipping', features: ['delivery slot selection', 'address validation', 'shipping costs'], stories: ['SHOP-9'] },
        ],
      },
      {
        name: 'Account',
        children: [
          { name: 'Login', features: ['email login', 'password reset', 'account lockout'], stories: ['SHOP-6', 'SHOP-7'] },
          { name: 'Profile', features: ['edit profile', 'saved addresses'], stories: ['SHOP-6'] },
        ],
      },
      { name: 'Orders', features: ['order history', 'order tracking', 'product reviews', 'product comparison'], stories: ['SHOP-5', 'SHOP-10', 'SHOP-11'] },
    ],
  },
  {
    id: 102,
    name: 'Mobile App',
    description: 'iOS and Android shopping app',
    statusId: 101,
    cases: 80,
    releases: [
      { name: '3.1', cycles: ['Sprint 40 regression'] },
      { name: '3.2', cycles: ['Sprint 41 regression', 'Release 3.2', 'Release 3.2 hotfix'] },
    ],
    rootCycles: [{ name: 'Device lab', targetRelease: '3.2', environments: ['staging'] }],
    environments: ENVIRONMENTS,
    cycleCoverage: 0.85,
    modules: [
      { name: 'Onboarding', features: ['first launch tour', 'push permission prompt', 'email sign-in'], stories: ['SHOP-6'] },
      { name: 'Browse', features: ['category browsing', 'barcode search', 'voice search'], stories: ['SHOP-1', 'SHOP-2'] },
      {
        name: 'Cart & Checkout',
        features: ['swipe to remove', 'quantity stepper'],
        stories: ['SHOP-8'],
        children: [{ name: 'Payment', features: ['Apple Pay', 'Google Pay', 'saved card checkout', 'promo code entry'], stories: ['SHOP-3', 'SHOP-4'] }],
      },
      { name: 'Account', features: ['biometric login', 'forgotten password', 'order tracking widget', 'delivery slot picker'], stories: ['SHOP-5', 'SHOP-7', 'SHOP-9'] },
    ],
  },
  {
    id: 103,
    name: 'Legacy Portal',
    description: 'Retired partner portal (archived)',
    statusId: 103,
    cases: 6,
    releases: [],
    rootCycles: [],
    environments: [],
    cycleCoverage: 0,
    modules: [{ name: 'Reports', features: ['monthly sales report', 'partner export'] }],
  },
];

export const VARIANTS = ['', ' as a guest', ' as a signed-in customer', ' on a slow network', ' with an empty profile', ' after session timeout'];
export const VERBS = ['Verify', 'Check', 'Validate'];
export const PRIORITIES: Array<[string, number]> = [
  ['Urgent', 1],
  ['High', 3],
  ['Medium', 5],
  ['Low', 2],
];
export const TYPES: Array<[string, number]> = [
  ['Functional', 6],
  ['Regression', 3],
  ['Smoke', 1],
];
export const TESTERS = ['alice@example.com', 'bob@example.com', 'chen@example.com', 'dana@example.com'];

/** Step templates; `{f}` is replaced by the feature. */
export const STEPS: Array<[string, string]> = [
  ['Open the storefront and navigate to {f}', 'The {f} screen is displayed'],
  ['Sign in with the test customer account', 'The customer is signed in and the header shows the account name'],
  ['Trigger {f} with valid data', '{f} completes without errors'],
  ['Trigger {f} with invalid data', 'A validation message explains what to fix'],
  ['Reload the page', 'The state of {f} is kept'],
  ['Check the analytics event for {f}', 'Exactly one event is recorded'],
  ['Repeat {f} on a second device', 'Both devices show the same result'],
  ['Sign out and back in', '{f} reflects the saved state'],
];

export const PRECONDITIONS = [
  'A customer account with a saved card exists',
  'The catalogue contains at least 20 products in stock',
  'Feature flag for {f} is enabled',
  'The cart is empty',
];
