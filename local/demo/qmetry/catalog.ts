/**
 * Fixed vocabulary the QMetry demo data is generated from: folders with the features they test and the
 * Jira stories (SHOP-1..SHOP-11) they cover, releases/cycles, test suites, platforms and statuses.
 */

export const JIRA_STORIES: Array<{ key: string; summary: string }> = [
  'Browse the product catalogue',
  'Search products by keyword',
  'Checkout with saved card',
  'Apply a discount code',
  'Track an order',
  'Sign in with email and password',
  'Reset a forgotten password',
  'Manage the shopping cart',
  'Choose a delivery slot',
  'Write a product review',
  'Compare products side by side',
].map((summary, i) => ({ key: `SHOP-${i + 1}`, summary }));

export interface FolderSpec {
  path: string[];
  features: string[];
  stories: string[];
}

export const FOLDERS: FolderSpec[] = [
  { path: ['Catalog', 'Search'], features: ['keyword search', 'search filters', 'search suggestions'], stories: ['SHOP-2'] },
  { path: ['Catalog', 'Product page'], features: ['product gallery', 'product variants', 'product comparison'], stories: ['SHOP-1', 'SHOP-11'] },
  { path: ['Cart'], features: ['add to cart', 'change quantity', 'remove item'], stories: ['SHOP-8'] },
  { path: ['Checkout', 'Payment'], features: ['saved card payment', 'discount code', '3-D Secure challenge'], stories: ['SHOP-3', 'SHOP-4'] },
  { path: ['Checkout', 'Shipping'], features: ['delivery slot selection', 'address validation'], stories: ['SHOP-9'] },
  { path: ['Account', 'Login'], features: ['email login', 'password reset', 'account lockout'], stories: ['SHOP-6', 'SHOP-7'] },
  { path: ['Orders'], features: ['order history', 'order tracking', 'product reviews'], stories: ['SHOP-5', 'SHOP-10'] },
];

/**
 * Release → cycles, oldest first; executions are spread over the cycles in the 30 days before the anchor. Releases are
 * named as Jira's fix versions (the demo release: 3.1 and 3.2).
 */
export const RELEASES: Array<{ name: string; cycles: string[] }> = [
  { name: '3.1', cycles: ['Sprint 39', 'Sprint 40'] },
  { name: '3.2', cycles: ['Sprint 41', 'Sprint 42'] },
];

/** Test suites and the cycle each is planned for (null: outside any release). */
export const SUITES: Array<{ name: string; cycle: string | null; coverage: number }> = [
  { name: 'Sprint 39 regression', cycle: 'Sprint 39', coverage: 0.7 },
  { name: 'Sprint 40 regression', cycle: 'Sprint 40', coverage: 0.7 },
  { name: 'Sprint 41 regression', cycle: 'Sprint 41', coverage: 0.75 },
  { name: 'Checkout smoke', cycle: 'Sprint 42', coverage: 0.3 },
  { name: 'Sprint 42 regression', cycle: 'Sprint 42', coverage: 0.8 },
  { name: 'Exploratory charters', cycle: null, coverage: 0.15 },
];

/** The platforms suites run on: the demo release's environments. */
export const PLATFORMS = ['staging', 'production'];

export const STATUSES = [
  { id: 301, name: 'Pass', color: '#21ba45', isDefault: false, isArchived: false, custom: false },
  { id: 302, name: 'Fail', color: '#db2828', isDefault: false, isArchived: false, custom: false },
  { id: 303, name: 'Blocked', color: '#767676', isDefault: false, isArchived: false, custom: false },
  { id: 304, name: 'Not Run', color: '#c0c0c0', isDefault: true, isArchived: false, custom: false },
  { id: 305, name: 'WIP', color: '#fbbd08', isDefault: false, isArchived: false, custom: false },
  { id: 401, name: 'Needs Review', color: '#a333c8', isDefault: false, isArchived: false, custom: true },
];

export const VERBS = ['Verify', 'Check', 'Validate'];
export const VARIANTS = ['', ' as a guest', ' as a signed-in customer', ' on a slow network', ' after session timeout'];
export const PRIORITIES: Array<[string, number]> = [
  ['Blocker', 1],
  ['High', 3],
  ['Medium', 5],
  ['Low', 2],
];
export const TYPES: Array<[string, number]> = [
  ['Functional', 6],
  ['Regression', 3],
  ['Smoke Test', 1],
];
export const TESTERS = ['alice', 'bob', 'chen', 'dana'];

export const STEPS: Array<[string, string, string]> = [
  ['Open the shop and navigate to {f}', '', 'The {f} screen is displayed'],
  ['Sign in with the test customer', 'customer@example.com', 'The customer is signed in'],
  ['Use {f} with valid data', 'valid sample data', '{f} completes without errors'],
  ['Use {f} with invalid data', 'invalid sample data', 'A validation message explains what to fix'],
  ['Reload the page', '', 'The state of {f} is kept'],
  ['Repeat {f} on a second device', '', 'Both devices show the same result'],
];
