/**
 * Where a project's runs sit, for their cycle and version: qTest's Test Execution tree is Release > Test Cycle > Test
 * Suite > Test Run (cycles may also sit directly under the root, and runs directly under a release or a cycle). A run
 * names only its parent (`parentType`, `parentId`), so the connector reads the tree once per project and sync run
 * (kept like the other lookups, lookups.ts):
 * - the cycles under the root (getTestCycles, parentType root, expand=descendants, every page);
 * - the releases, closed ones included (getAllReleases, includeClosed=true: one request);
 * - the cycles under each release (getTestCycles, parentType release): one request a release (more past 999 cycles).
 * A run under a release is of that release; under a cycle or suite under a release, of that release; under a root
 * cycle, of the release the cycle's Target Release/Build names (`target_release_id`), when it names one.
 *
 * The root tree is needed for every cycle name, so a failure there fails the read as before. The releases and their
 * trees only add versions: when one of those requests fails, the runs are read without what it would have given and
 * the failure is reported as an unreadable record naming the endpoint; the places read are then not kept (`partial`),
 * so the next page asks again.
 */
import type { UnreadableRecord } from '../../domain/model';
import { skippableLookupFailure as skippable } from '../optional';
import type { ConnectorError } from '../types';
import type { QtestClient } from './client';
import type { Kept } from './lookups';
import { cycleTree, listReleases } from './queries';
import { cyclePlaces, type PlaceKey, type RunPlace } from './trees';

const P = '/api/v3/projects/{projectId}';
export const RELEASES_ENDPOINT = `GET ${P}/releases`;
export const CYCLES_ENDPOINT = `GET ${P}/test-cycles`;

function failed(endpoint: string, field: string, what: string, e: ConnectorError): UnreadableRecord {
  return { endpoint, field, message: `could not be read (${e.message}), so runs are read without ${what}` };
}

export async function readPlaces(client: QtestClient, pid: string, pageSize: number): Promise<Kept<Map<PlaceKey, RunPlace>>> {
  const root = await cycleTree(client, pid, pageSize);
  const unreadable: UnreadableRecord[] = [];
  let partial = false;

  let releases: Awaited<ReturnType<typeof listReleases>> | undefined;
  try {
    releases = await listReleases(client, pid);
    unreadable.push(...releases.unreadable);
  } catch (e) {
    if (!skippable(e)) throw e;
    unreadable.push(failed(RELEASES_ENDPOINT, e.details.field || '(answer)', 'their release', e));
    partial = true;
  }
  const names = new Map((releases?.items ?? []).map((r) => [r.id, r.name]));

  const rooted = cyclePlaces(root.endpoint, root.rows, { releases: names });
  const places = new Map(rooted.places);
  unreadable.push(...rooted.unreadable);
  for (const r of releases?.items ?? []) {
    places.set(`release:${r.id}`, { version: r.name });
    try {
      const tree = await cycleTree(client, pid, pageSize, r.id);
      const under = cyclePlaces(tree.endpoint, tree.rows, { release: r.name });
      under.places.forEach((place, key) => places.set(key, place));
      unreadable.push(...under.unreadable.map((u) => ({ ...u, message: `${u.message} (cycles of release ${r.name})` })));
    } catch (e) {
      if (!skippable(e)) throw e;
      unreadable.push(failed(CYCLES_ENDPOINT, `(cycles of release ${r.id})`, `their cycle and release where they sit under release ${r.name}`, e));
      partial = true;
    }
  }
  return { value: places, unreadable, ...(partial ? { partial: true } : {}) };
}
