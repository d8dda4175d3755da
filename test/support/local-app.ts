/**
 * Starts the whole app on the local Forge runtime for a test: real handlers, real SDKs, the Jira and qTest
 * simulators with demo data, storage in memory. Talks to the simulators only through their HTTP APIs.
 */
// The runtime must be loaded before anything that loads @forge/api (it keeps the global fetch it finds).
import '../../local/runtime';
import { createLocalServer, type LocalServer, type LocalServerOptions } from '../../local/server';
import { createJiraSimulator } from '../../local/simulators/jira';
import { createQtestSimulator } from '../../local/simulators/qtest';
import { createXraySimulator } from '../../local/simulators/xray';
import { createQmetrySimulator } from '../../local/simulators/qmetry';

type Tool = 'qtest' | 'xray' | 'qmetry';

export interface TestApp {
  server: LocalServer;
  jira: ReturnType<typeof createJiraSimulator>;
  qtest: ReturnType<typeof createQtestSimulator>;
  xray: ReturnType<typeof createXraySimulator>;
  qmetry: ReturnType<typeof createQmetrySimulator>;
  /** Calls the Jira simulator's REST API as the app. */
  jiraApi<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  admin<T = any>(functionKey: string, payload?: unknown, accountId?: string): Promise<T>;
  /** Calls the issue panel's resolver; `getPanel` without a filter opens a story in its fix version. */
  panel<T = any>(issueKey: string, functionKey?: string, accountId?: string, payload?: unknown): Promise<T>;
  /** Every Jira issue of a JQL search, all pages, with the given fields and properties. */
  search(jql: string, fields?: string[], properties?: string[]): Promise<any[]>;
  close(): Promise<void>;
}

/**
 * `tools` picks the demo connections configured (default: the qTest one alone); with Xray among them the Jira
 * site is the one with Xray installed (its Test issues in project QA).
 */
export async function startTestApp(
  options: Partial<LocalServerOptions> & { tools?: Tool[]; prepareQtest?: (q: ReturnType<typeof createQtestSimulator>) => void } = {},
): Promise<TestApp> {
  const { tools = ['qtest'], prepareQtest, ...runtimeOptions } = options;
  const jira = createJiraSimulator({ seed: tools.includes('xray') ? 'demo-xray' : 'demo' });
  const qtest = createQtestSimulator({ seed: 'demo' });
  prepareQtest?.(qtest);
  const xray = createXraySimulator({ seed: 'demo' });
  const qmetry = createQmetrySimulator({ seed: 'demo' });
  const server = await createLocalServer({
    port: 0,
    dataDir: false,
    fresh: true,
    schedule: false,
    seedDemo: true,
    realJira: null,
    delayScale: 0,
    log: () => undefined,
    demoTools: tools,
    simulators: { jira: jira as never, qtest: qtest as never, xray: xray as never, qmetry: qmetry as never },
    ...runtimeOptions,
  });
  const jiraApi = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/jira${path}`, {
      method,
      headers: { 'x-sim-principal': 'app', accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const search = async (jql: string, fields = ['summary'], properties: string[] = []) => {
    const out: any[] = [];
    let nextPageToken: string | undefined;
    do {
      const { status, body } = await jiraApi('POST', '/rest/api/3/search/jql', {
        jql, fields, ...(properties.length ? { properties } : {}), maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}),
      });
      if (status !== 200) throw new Error(`search ${jql} answered ${status}: ${JSON.stringify(body)}`);
      out.push(...body.issues);
      nextPageToken = body.nextPageToken ?? undefined;
    } while (nextPageToken);
    return out;
  };
  return {
    server,
    jira,
    qtest,
    xray,
    qmetry,
    jiraApi,
    search,
    admin: (functionKey, payload = {}, accountId = 'demo-admin') =>
      server.invoke({ moduleKey: 'testsync-admin', functionKey, payload, accountId }) as Promise<any>,
    panel: (issueKey, functionKey = 'getPanel', accountId = 'demo-tester', payload = {}) =>
      server.invoke({
        moduleKey: 'testsync-panel',
        functionKey,
        payload,
        accountId,
        context: { extension: { type: 'jira:issuePanel', issue: { key: issueKey }, project: { key: issueKey.split('-')[0] } } },
      }) as Promise<any>,
    close: () => server.close(),
  };
}

/** The demo's qTest totals: active projects 101 and 102. */
export const DEMO_ACTIVE_CASES = 200;
