/**
 * The demo's defect: a Bug of the simulated Jira site (local/simulators/jira/seed.ts appends it to the OPS project,
 * after every seeded issue, so no seeded key or id moves) that each tool's demo data links to one failed run, as a
 * team whose tool is connected to Jira would have: qTest's test log defect (by key), Xray's Test Run defect (by issue
 * id), QMetry's execution issue (a Jira issue QMetry imported, by key).
 */

export const DEMO_DEFECT = {
  key: 'OPS-1',
  summary: 'Saved card payment declined on staging',
  projectKey: 'OPS',
} as const;

/**
 * Its issue id on the demo site with Xray installed (seed `demo-xray`): what Xray's demo tenant names it by. It lies
 * past every issue id of Xray's demo tenant (QA-1..QA-41 are 10012..10052; local/demo/xray), so no Test Execution,
 * Test Plan or Precondition of Xray's data shares it; the Jira seed gives it this id and goes on from there.
 */
export const DEMO_DEFECT_ID_WITH_XRAY = '10060';

/** The Jira projects the tools' Jira integrations are connected to in the demo (their issues can be linked). */
export const DEMO_JIRA_PROJECTS = ['SHOP', 'OPS'] as const;
