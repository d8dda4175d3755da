/**
 * The module and test-cycle trees (`expand=descendants`) read node by node: a node that cannot be read is reported
 * (endpoint, field such as `[2].children[0].name`) and skipped with its subtree; the rest of the tree is kept.
 */
import type { UnreadableRecord } from '../../domain/model';
import { CycleSchema, ModuleSchema, SuiteSchema } from './records';
import { readRow } from './rows';

/** Module id → `/`-separated path of module names. */
export function modulePaths(endpoint: string, rows: readonly unknown[]): { paths: Map<number, string>; unreadable: UnreadableRecord[] } {
  const paths = new Map<number, string>();
  const unreadable: UnreadableRecord[] = [];
  const walk = (nodes: readonly unknown[], prefix: string, at: string) => {
    nodes.forEach((node, i) => {
      const r = readRow(endpoint, node, ModuleSchema, `${at}[${i}]`);
      if (!('value' in r)) return void unreadable.push(r.unreadable);
      const path = prefix ? `${prefix}/${r.value.name}` : r.value.name;
      paths.set(r.value.id, path);
      walk(r.value.children ?? [], path, `${at}[${i}].children`);
    });
  };
  walk(rows, '', '');
  return { paths, unreadable };
}

/** Where a run sits: the name of its test cycle, and the release (version) that cycle belongs to. */
export interface RunPlace {
  cycle?: string;
  version?: string;
}

/** A run's parent as its `parentType:parentId` names it: `test-cycle:7`, `test-suite:9`, `release:3`. */
export type PlaceKey = string;

const releaseId = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * `test-cycle:<id>` / `test-suite:<id>` → the place of a run under it: the name of the cycle holding it (nested cycles
 * joined by " / ") and its version. A tree read under a release belongs to that release (`release`); a cycle under
 * the root belongs to the release its Target Release/Build names (`target_release_id`, looked up in `releases`), and
 * so do its sub-cycles and suites unless one names another.
 */
export function cyclePlaces(
  endpoint: string,
  rows: readonly unknown[],
  opts: { release?: string; releases?: ReadonlyMap<number, string> } = {},
): { places: Map<PlaceKey, RunPlace>; unreadable: UnreadableRecord[] } {
  const places = new Map<PlaceKey, RunPlace>();
  const unreadable: UnreadableRecord[] = [];
  const target = (v: unknown, inherited: string | undefined) => {
    if (opts.release !== undefined) return opts.release;
    const id = releaseId(v);
    return (id !== undefined ? opts.releases?.get(id) : undefined) ?? inherited;
  };
  const place = (cycle: string, version: string | undefined): RunPlace => ({ cycle, ...(version ? { version } : {}) });
  const walk = (nodes: readonly unknown[], prefix: string, inherited: string | undefined, at: string) => {
    nodes.forEach((node, i) => {
      const r = readRow(endpoint, node, CycleSchema, `${at}[${i}]`);
      if (!('value' in r)) return void unreadable.push(r.unreadable);
      const c = r.value;
      const name = prefix ? `${prefix} / ${c.name}` : c.name;
      const version = target(c.target_release_id, inherited);
      places.set(`test-cycle:${c.id}`, place(name, version));
      (c['test-suites'] ?? []).forEach((s, j) => {
        const suite = readRow(endpoint, s, SuiteSchema, `${at}[${i}].test-suites[${j}]`);
        if ('value' in suite) places.set(`test-suite:${suite.value.id}`, place(name, target(suite.value.target_release_id, version)));
        else unreadable.push(suite.unreadable);
      });
      walk(c['test-cycles'] ?? [], name, version, `${at}[${i}].test-cycles`);
    });
  };
  walk(rows, '', opts.release, '');
  return { places, unreadable };
}
