/**
 * Runs the Xray simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://{,us.,eu.,au.}xray.cloud.getxray.app/...` there the way the local runtime does (toSimulatorUrl + x-sim-host).
 */
import Fastify from 'fastify';
import type { FetchLike, HttpRequestInit } from '../../../src/connectors/types';
import { toSimulatorUrl } from '../../runtime/vendor-hosts';
import { createXraySimulator, type XraySimulator, type XraySimulatorOptions } from './index';

export interface RunningXraySimulator {
  sim: XraySimulator;
  /** e.g. http://127.0.0.1:53211 */
  localBase: string;
  /** Routes vendor URLs to the simulator; other hosts fail like a refused egress. */
  fetch: FetchLike;
  /** Every request the fetch sent: method and vendor URL. */
  calls: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export async function startXraySimulator(opts: XraySimulatorOptions = { seed: 'demo' }): Promise<RunningXraySimulator> {
  const sim = createXraySimulator(opts);
  const app = Fastify({ logger: false });
  await app.register(sim.plugin, { prefix: '/xray' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('Xray simulator did not bind a port');
  const localBase = `http://127.0.0.1:${addr.port}`;
  const calls: RunningXraySimulator['calls'] = [];

  const fetch: FetchLike = async (url: string, init: HttpRequestInit = {}) => {
    const routed = toSimulatorUrl(url, localBase);
    if (!routed) throw new Error(`URL not included in the external fetch backend permissions: ${new URL(url).host}`);
    calls.push({ method: init.method ?? 'GET', url });
    return globalThis.fetch(routed.url, {
      method: init.method,
      headers: { ...init.headers, ...routed.headers },
      body: init.body,
      signal: init.signal,
    });
  };

  return { sim, localBase, fetch, calls, close: () => app.close() };
}
