/** Runs the Jira simulator on 127.0.0.1 and a free port, mounted under `/jira`, for tests. */
import Fastify, { type FastifyInstance } from 'fastify';
import { createJiraSimulator, type JiraSimulator, type JiraSimulatorOptions } from './index';

export interface JiraCallOptions {
  /** `x-sim-principal`: `app` (default), `user:<accountId>`, or null for none. */
  as?: string | null;
  body?: unknown;
  /** A body sent as is (e.g. an oversized or malformed one), with content-type application/json. */
  rawBody?: string;
  query?: Record<string, string | string[]>;
}

export interface JiraResponse {
  status: number;
  // Tests read response bodies freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, string>;
}

export interface JiraHarness {
  sim: JiraSimulator;
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:53211 (the simulator is under `${base}/jira`). */
  base: string;
  /** A REST call, `path` from `/rest/...`. */
  call(method: string, path: string, opts?: JiraCallOptions): Promise<JiraResponse>;
  /** A call to the control endpoints, `path` from `/__sim/...`. */
  control(method: string, path: string, body?: unknown): Promise<JiraResponse>;
  close(): Promise<void>;
}

async function read(res: Response): Promise<JiraResponse> {
  const text = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body, headers };
}

export async function startJiraHarness(opts: JiraSimulatorOptions = {}): Promise<JiraHarness> {
  const sim = createJiraSimulator(opts);
  const app = Fastify();
  await app.register(sim.plugin, { prefix: '/jira' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call: JiraHarness['call'] = async (method, path, { as = 'app', body, rawBody, query } = {}) => {
    const headers: Record<string, string> = {};
    if (as !== null) headers['x-sim-principal'] = as;
    const payload = rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(`${base}/jira${path}`);
    for (const [k, v] of Object.entries(query ?? {})) for (const item of [v].flat()) url.searchParams.append(k, item);
    return read(await fetch(url, { method, headers, body: payload }));
  };
  const control: JiraHarness['control'] = async (method, path, body) =>
    read(
      await fetch(`${base}/jira${path}`, {
        method,
        headers: body !== undefined ? { 'content-type': 'application/json' } : {},
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    );
  return { sim, app, base, call, control, close: () => app.close() };
}

/** A create-issue body for a Test in SHOP with a `testsync` property (indexed: `testsyncStatus`). */
export function testIssueBody(summary: string, status = 'PASS', fields: Record<string, unknown> = {}) {
  return {
    fields: {
      project: { key: 'SHOP' },
      issuetype: { name: 'Test' },
      summary,
      description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: summary }] }] },
      labels: ['testsync'],
      ...fields,
    },
    properties: [{ key: 'testsync', value: { status, tool: 'qtest', sourceKey: `TC-${summary}`, lastRunAt: '2026-11-19T08:00:00Z' } }],
  };
}
