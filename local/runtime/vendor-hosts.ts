/**
 * Where the local runtime sends the app's outbound calls to the vendors' real hosts.
 *
 * The app always uses the real URLs (`https://demo.qtestnet.com/api/v3/...`); the egress check runs on
 * those. Only then does the runtime re-route the request to the simulator mounted under its prefix on the
 * local server, passing the original host in `x-sim-host` so one simulator can serve several sites.
 */

export interface SimulatedVendor {
  tool: 'qtest' | 'xray' | 'qmetry';
  /** Matches the host name of the real service. */
  host: RegExp;
  /** Where the simulator is mounted on the local server. */
  prefix: string;
}

export const SIMULATED_VENDORS: SimulatedVendor[] = [
  { tool: 'qtest', host: /^[a-z0-9-]+\.qtestnet\.com$/i, prefix: '/qtest' },
  { tool: 'xray', host: /^(?:(?:us|eu|au)\.)?xray\.cloud\.getxray\.app$/i, prefix: '/xray' },
  { tool: 'qmetry', host: /^[a-z0-9-]+\.qmetry\.com$/i, prefix: '/qmetry' },
];

export const SIM_HOST_HEADER = 'x-sim-host';

/** Rewrites a vendor URL to the local simulator, or answers null when no simulator serves that host. */
export function toSimulatorUrl(
  url: string,
  localBase: string,
): { url: string; headers: Record<string, string> } | null {
  const parsed = new URL(url);
  const vendor = SIMULATED_VENDORS.find((v) => v.host.test(parsed.hostname));
  if (!vendor) return null;
  const base = localBase.replace(/\/$/, '');
  return {
    url: `${base}${vendor.prefix}${parsed.pathname}${parsed.search}`,
    headers: { [SIM_HOST_HEADER]: parsed.hostname.toLowerCase() },
  };
}
