/**
 * Setup the connector tests share: a vendor simulator started for the whole file, the transport options that
 * route a connector to it with a fixed clock, and readers that follow a connector's cursors to the last page.
 */
import type { TestCase, TestRun } from '../../src/domain/model';
import type { TransportOptions } from '../../src/connectors/http';
import type { Connector, FetchLike } from '../../src/connectors/types';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../local/demo/xray/generate';
import type { RunningSimulator } from '../../local/simulators/shared/harness';

/**
 * Starts the simulator before the file's tests and closes it after them. The object answered is filled in by
 * beforeAll, so tests use it like the harness's own answer.
 */
export function useSimulator<R extends RunningSimulator<unknown>>(start: () => Promise<R>): R {
  const running = {} as R;
  beforeAll(async () => {
    Object.assign(running, await start());
  });
  afterAll(() => running.close());
  return running;
}

/** Clears the simulator's faults and the record of the requests sent to it. */
export function resetSimulator(running: RunningSimulator<{ faults: { clear(): void } }>): void {
  running.sim.faults.clear();
  running.calls.length = 0;
}

/** Transport options for a connector under test: the simulator's fetch, the test clock, no jitter, sleeps only reported. */
export function testTransport(
  fetch: FetchLike,
  now: () => number,
  onSleep?: (ms: number) => void,
): Pick<TransportOptions, 'fetch' | 'sleep' | 'now' | 'random'> {
  return {
    fetch,
    sleep: async (ms) => {
      onSleep?.(ms);
    },
    now,
    random: () => 0.5,
  };
}

/** Settles `p` and answers what it was rejected with; throws when it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (x: unknown) => x,
  );
}

/** Every item of a paged read, following `next` to the last page, and how many pages it took. */
export async function readAll<T>(read: (cursor?: string) => Promise<{ items: T[]; next?: string }>) {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next;
    pages++;
  } while (cursor);
  return { items, pages };
}

export const readAllCases = (c: Connector, projectId: string, modifiedSince?: string) =>
  readAll<TestCase>((cursor) => c.readTestCases(projectId, { cursor, modifiedSince }));

export const readAllRuns = (c: Connector, projectId: string, modifiedSince?: string) =>
  readAll<TestRun>((cursor) => c.readRuns(projectId, { cursor, modifiedSince }));

export const readAllIds = (c: Connector, projectId: string) =>
  readAll<string>((cursor) => c.listTestCaseIds(projectId, { cursor }));

/** A fetch that fails the way Forge refuses a host outside the app's egress permissions. */
export function refusingFetch(): FetchLike {
  return async (url) => {
    throw new Error(`URL not included in the external fetch backend permissions: ${url}`);
  };
}

/** A fetch that fails the way an unknown host does. */
export function unreachableFetch(host: string): FetchLike {
  return async () => {
    throw new Error(`getaddrinfo ENOTFOUND ${host}`);
  };
}

/**
 * The texts of an error that must never hold a secret: its message, stack and JSON, and the same of every error in
 * its `cause` chain (a ConnectorError keeps the underlying error there).
 */
export function errorTexts(e: unknown): string[] {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; x !== undefined && x !== null && depth < 5; depth++) {
    if (x instanceof Error) {
      out.push(x.message, x.stack ?? '', JSON.stringify(x));
      x = x.cause;
    } else {
      out.push(typeof x === 'string' ? x : JSON.stringify(x));
      break;
    }
  }
  return out;
}

/** A JWT from the Xray simulator's `authenticate` for the demo API key, fetched through a harness's `fetch`. */
export async function xrayDemoToken(fetch: FetchLike): Promise<string> {
  const res = await fetch('https://xray.cloud.getxray.app/api/v2/authenticate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET }),
  });
  return JSON.parse(await res.text()) as string;
}
