/**
 * Runs a vendor simulator on a local port for tests and scripts, with a FetchLike that sends the vendor's
 * URLs there the way the local runtime does (toSimulatorUrl + x-sim-host).
 */
import Fastify from 'fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { FetchLike, HttpRequestInit } from '../../../src/connectors/types';
import { toSimulatorUrl } from '../../runtime/vendor-hosts';

export interface RunningSimulator<Sim> {
  sim: Sim;
  /** e.g. http://127.0.0.1:53211 */
  localBase: string;
  /** Routes vendor URLs to the simulator; other hosts fail like a refused egress. */
  fetch: FetchLike;
  /** Every request the fetch sent: method and vendor URL. */
  calls: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

/** Mounts `sim.plugin` under `prefix` (e.g. `/qtest`) on 127.0.0.1 and a free port; `name` is for the error message. */
export async function startSimulatorHarness<Sim extends { plugin: FastifyPluginAsync }>(
  prefix: string,
  sim: Sim,
  name = prefix.replace(/^\//, ''),
): Promise<RunningSimulator<Sim>> {
  const app = Fastify({ logger: false });
  await app.register(sim.plugin, { prefix });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error(`${name} simulator did not bind a port`);
  const localBase = `http://127.0.0.1:${addr.port}`;
  const calls: RunningSimulator<Sim>['calls'] = [];

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
