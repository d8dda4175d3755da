/**
 * The demo's app settings, written on a fresh start through the app's own storage code (so they are valid
 * exactly as if an admin had entered them): a qTest connection to the simulated site and its mappings.
 */
import { listConnections, saveConnection, setSecret } from '../../src/config/connections';
import { saveMapping } from '../../src/config/mappings';

export const DEMO_QTEST = {
  connectionId: 'qtest-demo',
  name: 'qTest (demo)',
  baseUrl: 'https://demo.qtestnet.com',
  /** The simulated site's API token; shown in the README. */
  apiToken: 'qtest-demo-token',
  projects: [
    { id: '101', name: 'Web Storefront' },
    { id: '102', name: 'Mobile App' },
  ],
  jiraProjectKey: 'SHOP',
  issueType: 'Test',
} as const;

export async function seedDemoConfig(): Promise<void> {
  if ((await listConnections()).length > 0) return;
  const now = new Date().toISOString();
  await setSecret(DEMO_QTEST.connectionId, { apiToken: DEMO_QTEST.apiToken });
  await saveConnection({
    id: DEMO_QTEST.connectionId,
    tool: 'qtest',
    name: DEMO_QTEST.name,
    baseUrl: DEMO_QTEST.baseUrl,
    enabled: true,
    connected: true,
    createdAt: now,
    updatedAt: now,
  });
  for (const p of DEMO_QTEST.projects) {
    await saveMapping({
      connectionId: DEMO_QTEST.connectionId,
      externalProjectId: p.id,
      externalProjectName: p.name,
      jiraProjectKey: DEMO_QTEST.jiraProjectKey,
      issueType: DEMO_QTEST.issueType,
      schedule: 'fiveMinute',
      syncRuns: true,
      syncRequirementLinks: true,
      createdAt: now,
      updatedAt: now,
    });
  }
}
