/**
 * Runs the QMetry simulator on a local port for tests and scripts, with a FetchLike that sends
 * `https://<site>.qmetry.com/...` there the way the local runtime does (toSimulatorUrl + x-sim-host).
 */
import Fastify from 'fastify';
import type { FetchLike, HttpRequestInit } from '../../../src/connectors/types';
import { toSimulatorUrl } from '../../runtime/vendor-hosts';
import { createQmetrySimulator, type QmetrySimulator, type QmetrySimulatorOptions } from './index';

export interface RunningQmetrySimulator {
  sim: QmetrySimulator;
  /** e.g. http://127.0.0.1:53211 */
  localBase: string;
  /** Routes vendor URLs to the simulator; other hosts fail like a refused egress. */
  fetch: FetchLike;
  /** Every request the fetch sent: method and vendor URL. */
  calls: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export async function startQmetrySimulator(opts: QmetrySimulatorOptions = { seed: 'demo' }): Promise<RunningQmetrySimulator> {
  const sim = createQmetrySimulator(opts);
  const app = Fastify({ logger: false });
  await app.register(sim.plugin, { prefix: '/qmetry' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('QMetry simulator did not bind a port');
  const localBase = `http://127.0.0.1:${addr.port}`;
  const calls: RunningQmetrySimulator['calls'] = [];

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
