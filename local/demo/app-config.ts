/**
 * The demo's app settings, written on a fresh start through the app's own storage code (so they are valid
 * exactly as if an admin had entered them): one connection per tool to its simulated site, and mappings.
 */
import { listConnections, saveConnection, setSecret, type ConnectionRecord } from '../../src/config/connections';
import { saveMapping } from '../../src/config/mappings';

interface DemoConnection {
  record: Pick<ConnectionRecord, 'id' | 'tool' | 'name' | 'baseUrl' | 'settings'>;
  /** The simulated site's credential; shown in the README. */
  secret: string;
  mappings: { id: string; name: string; jiraProjectKey: string; issueType: string }[];
}

export const DEMO_CONNECTIONS: DemoConnection[] = [
  {
    record: { id: 'qtest-demo', tool: 'qtest', name: 'qTest (demo)', baseUrl: 'https://demo.qtestnet.com', settings: {} },
    secret: 'qtest-demo-token',
    mappings: [
      { id: '101', name: 'Web Storefront', jiraProjectKey: 'SHOP', issueType: 'Test' },
      { id: '102', name: 'Mobile App', jiraProjectKey: 'SHOP', issueType: 'Test' },
    ],
  },
  {
    record: {
      id: 'xray-demo',
      tool: 'xray',
      name: 'Xray (demo)',
      baseUrl: 'https://xray.cloud.getxray.app',
      settings: { region: 'global', clientId: 'xray-demo-client', sameSite: true },
    },
    secret: 'xray-demo-secret',
    // Xray's Test issues live in QA on this site: they are annotated where they are.
    mappings: [{ id: '10002', name: 'Quality Assurance', jiraProjectKey: 'QA', issueType: 'Test' }],
  },
  {
    record: { id: 'qmetry-demo', tool: 'qmetry', name: 'QMetry (demo)', baseUrl: 'https://demo.qmetry.com', settings: { projectKey: 'SHOPQA' } },
    secret: 'qmetry-demo-key',
    mappings: [{ id: 'SHOPQA', name: 'Shop QA', jiraProjectKey: 'SHOP', issueType: 'Test' }],
  },
];

export async function seedDemoConfig(tools: ConnectionRecord['tool'][] = ['qtest', 'xray', 'qmetry']): Promise<void> {
  if ((await listConnections()).length > 0) return;
  const now = new Date().toISOString();
  for (const demo of DEMO_CONNECTIONS.filter((d) => tools.includes(d.record.tool))) {
    await setSecret(demo.record.id, { apiToken: demo.secret });
    await saveConnection({ ...demo.record, enabled: true, connected: true, createdAt: now, updatedAt: now });
    for (const m of demo.mappings) {
      await saveMapping({
        connectionId: demo.record.id,
        externalProjectId: m.id,
        externalProjectName: m.name,
        jiraProjectKey: m.jiraProjectKey,
        issueType: m.issueType,
        schedule: 'fiveMinute',
        syncRuns: true,
        syncRequirementLinks: true,
        onDeletedInJira: 'leave',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}
