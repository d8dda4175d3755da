/**
 * The demo's Xray Test issues QA-1..QA-30, shared by the Jira simulator's seed (which creates them as Jira issues
 * of type Test linked to SHOP stories) and the Xray simulator's demo tenant (which holds their Xray definitions).
 * Issue ids follow the Jira seed: SHOP-1..SHOP-12 take 10000..10011, QA-1..QA-30 take 10012..10041.
 */

export const QA_PROJECT = { id: '10002', key: 'QA', name: 'Quality Assurance' } as const;
/** Jira issue id of QA-1; QA-n has QA_FIRST_ISSUE_ID + n - 1. */
export const QA_FIRST_ISSUE_ID = 10012;
/** Jira issue id of SHOP-1; SHOP-n has SHOP_FIRST_ISSUE_ID + n - 1 (as the Jira seed numbers them). */
export const SHOP_FIRST_ISSUE_ID = 10000;

export type XrayTestKind = 'Manual' | 'Cucumber' | 'Generic';

export interface DemoXrayTest {
  summary: string;
  kind: XrayTestKind;
  /** Test Repository folder path. */
  folder: string;
  labels: string[];
  priority: 'Highest' | 'High' | 'Medium' | 'Low';
  /** Manual tests: action | data | expected result. */
  steps?: Array<[string, string, string]>;
  /** SHOP story numbers the test covers (Jira "Test" link, outward "tests"). */
  covers: number[];
  /** Index into DEMO_PRECONDITIONS. */
  precondition?: number;
}

export const DEMO_PRECONDITIONS = [
  { summary: 'Signed-in customer with a saved Visa card', definition: 'A customer account exists with a saved Visa card ending 4242.' },
  { summary: 'Catalogue seeded with 200 products', definition: 'The product catalogue holds the 200 demo products, 5 of them low on stock.' },
  { summary: 'Empty shopping cart', definition: 'The shopping cart of the session is empty.' },
] as const;

const manual = (
  summary: string,
  folder: string,
  covers: number[],
  steps: Array<[string, string, string]>,
  extra: Partial<DemoXrayTest> = {},
): DemoXrayTest => ({ summary, kind: 'Manual', folder, labels: [], priority: 'Medium', steps, covers, ...extra });

export const DEMO_XRAY_TESTS: DemoXrayTest[] = [
  manual('Pay with a saved card', '/Checkout/Payments', [1], [
    ['Open the cart and click Checkout', '', 'The payment page lists the saved card'],
    ['Select the saved Visa card', 'card ending 4242', 'The card is selected'],
    ['Confirm the order', '', 'The order confirmation page is shown'],
  ], { labels: ['checkout', 'smoke'], priority: 'High', precondition: 0 }),
  manual('Saved card expired', '/Checkout/Payments', [1], [
    ['Expire the saved card in the test wallet', 'exp 01/20', 'The card shows as expired'],
    ['Try to pay with it', '', 'Checkout asks for another payment method'],
  ], { precondition: 0 }),
  manual('Guest checkout happy path', '/Checkout/Guest', [2], [
    ['Add a product to the cart as a guest', 'SKU-1001', 'The cart holds one item'],
    ['Check out as guest', 'guest@example.com', 'The address form is shown'],
    ['Pay by card', '4111 1111 1111 1111', 'The order is placed'],
  ], { labels: ['checkout'], priority: 'High', precondition: 2 }),
  manual('Guest checkout rejects an invalid email', '/Checkout/Guest', [2], [
    ['Check out as guest', 'not-an-email', 'An inline error asks for a valid email'],
  ]),
  manual('Apply a valid discount code', '/Checkout/Discounts', [3], [
    ['Enter the discount code', 'SAVE10', 'The total drops by 10 %'],
  ], { labels: ['checkout'] }),
  manual('Reject an expired discount code', '/Checkout/Discounts', [3], [
    ['Enter the discount code', 'SUMMER19', 'The code is rejected as expired'],
    ['Check the total', '', 'The total is unchanged'],
  ]),
  { summary: 'Search filters by price range', kind: 'Cucumber', folder: '/Catalogue/Search', labels: ['search'], priority: 'Medium', covers: [4], precondition: 1 },
  manual('Search with no results', '/Catalogue/Search', [4], [
    ['Search for a product that does not exist', 'zzzzzz', 'An empty-state message is shown'],
  ], { precondition: 1 }),
  manual('Add an item to the cart', '/Cart', [5], [
    ['Open a product page', 'SKU-1001', 'The Add to cart button is enabled'],
    ['Click Add to cart', '', 'The cart badge shows 1'],
  ], { labels: ['smoke'], priority: 'High', precondition: 2 }),
  manual('Cart keeps items after sign-in', '/Cart', [5, 6], [
    ['Add an item as a guest', 'SKU-1002', 'The cart holds one item'],
    ['Sign in', 'demo customer', 'The cart still holds the item'],
  ]),
  { summary: 'Wishlist add and remove', kind: 'Cucumber', folder: '/Account/Wishlist', labels: [], priority: 'Low', covers: [6] },
  manual('Wishlist requires sign-in', '/Account/Wishlist', [6], [
    ['Click the heart icon as a guest', '', 'The sign-in dialog opens'],
  ], { priority: 'Low' }),
  manual('Order confirmation email is sent', '/Orders/Notifications', [7], [
    ['Place an order', 'SKU-1001', 'The order is placed'],
    ['Open the test mailbox', 'demo@example.com', 'A confirmation email with the order number arrived'],
  ], { labels: ['email'] }),
  { summary: 'Confirmation email template renders', kind: 'Generic', folder: '/Orders/Notifications', labels: ['email', 'automated'], priority: 'Low', covers: [7] },
  manual('Track a shipped order', '/Orders/Tracking', [8], [
    ['Open My orders', '', 'The shipped order shows a tracking link'],
    ['Open the tracking link', '', 'The carrier page shows the parcel status'],
  ]),
  { summary: 'Tracking status API contract', kind: 'Generic', folder: '/Orders/Tracking', labels: ['api', 'automated'], priority: 'Medium', covers: [8] },
  manual('Return an item within 30 days', '/Orders/Returns', [9], [
    ['Open a delivered order', 'ordered 10 days ago', 'The Return button is enabled'],
    ['Request a return', 'reason: too small', 'A return label is offered'],
  ], { priority: 'High' }),
  manual('Return refused after 30 days', '/Orders/Returns', [9], [
    ['Open a delivered order', 'ordered 45 days ago', 'The Return button is disabled with an explanation'],
  ]),
  { summary: 'Submit a product review', kind: 'Cucumber', folder: '/Catalogue/Reviews', labels: [], priority: 'Low', covers: [10] },
  manual('Review needs a star rating', '/Catalogue/Reviews', [10], [
    ['Write a review without stars', 'Great shoes', 'The form asks for a rating'],
  ], { priority: 'Low' }),
  manual('Pay with PayPal', '/Checkout/Payments', [11], [
    ['Choose PayPal at checkout', '', 'The PayPal window opens'],
    ['Approve the payment', 'sandbox buyer', 'The order is placed'],
  ], { labels: ['checkout', 'paypal'], priority: 'High' }),
  manual('PayPal payment cancelled', '/Checkout/Payments', [11], [
    ['Choose PayPal at checkout', '', 'The PayPal window opens'],
    ['Cancel in PayPal', '', 'Checkout returns to the payment step'],
  ], { labels: ['paypal'] }),
  { summary: 'Checkout end-to-end (card)', kind: 'Generic', folder: '/Checkout', labels: ['automated', 'e2e'], priority: 'High', covers: [1, 3] },
  { summary: 'Checkout end-to-end (PayPal)', kind: 'Generic', folder: '/Checkout', labels: ['automated', 'e2e'], priority: 'High', covers: [11, 2] },
  manual('Search sorts by price', '/Catalogue/Search', [4], [
    ['Search for shoes', 'shoes', 'Results are shown'],
    ['Sort by price ascending', '', 'The cheapest product is first'],
  ]),
  manual('Cart total with several items', '/Cart', [5, 3], [
    ['Add three different items', 'SKU-1001, SKU-1002, SKU-1003', 'The cart shows three lines'],
    ['Check the total', '', 'The total is the sum of the lines'],
  ]),
  { summary: 'Saved card tokenisation contract', kind: 'Generic', folder: '/Checkout/Payments', labels: ['api', 'automated'], priority: 'Medium', covers: [1] },
  manual('Order email in the customer language', '/Orders/Notifications', [7], [
    ['Set the account language to German', 'de-DE', 'The shop is shown in German'],
    ['Place an order', '', 'The confirmation email is in German'],
  ], { priority: 'Low' }),
  { summary: 'Return label generation', kind: 'Cucumber', folder: '/Orders/Returns', labels: [], priority: 'Medium', covers: [9] },
  manual('Guest checkout with discount code', '/Checkout/Guest', [2, 3], [
    ['Check out as guest with a code', 'SAVE10', 'The discount applies'],
  ], { labels: ['checkout'] }),
];

/**
 * The QA project's versions: the demo release, named as SHOP's (3.1 released on 2026-10-15, 3.2 due on 2026-12-15), so
 * the fix versions of Xray's Test Executions and Test Plans count toward SHOP's readiness by name.
 */
export const QA_VERSIONS = [
  { id: '10100', name: '3.1', released: true, archived: false, releaseDate: '2026-10-15' },
  { id: '10101', name: '3.2', released: false, archived: false, releaseDate: '2026-12-15' },
];

export const qaKey = (n: number) => `${QA_PROJECT.key}-${n}`;
export const qaIssueId = (n: number) => String(QA_FIRST_ISSUE_ID + n - 1);
export const shopIssueId = (n: number) => String(SHOP_FIRST_ISSUE_ID + n - 1);
