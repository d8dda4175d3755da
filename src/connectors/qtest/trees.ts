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

/**
 * `test-cycle:<id>` / `test-suite:<id>` → the name of the cycle holding it (nested cycles joined by " / "): a run's
 * `parentType:parentId` names its cycle.
 */
export function cycleNames(endpoint: string, rows: readonly unknown[]): { names: Map<string, string>; unreadable: UnreadableRecord[] } {
  const names = new Map<string, string>();
  const unreadable: UnreadableRecord[] = [];
  const walk = (nodes: readonly unknown[], prefix: string, at: string) => {
    nodes.forEach((node, i) => {
      const r = readRow(endpoint, node, CycleSchema, `${at}[${i}]`);
      if (!('value' in r)) return void unreadable.push(r.unreadable);
      const c = r.value;
      const name = prefix ? `${prefix} / ${c.name}` : c.name;
      names.set(`test-cycle:${c.id}`, name);
      (c['test-suites'] ?? []).forEach((s, j) => {
        const suite = readRow(endpoint, s, SuiteSchema, `${at}[${i}].test-suites[${j}]`);
        if ('value' in suite) names.set(`test-suite:${suite.value.id}`, name);
        else unreadable.push(suite.unreadable);
      });
      walk(c['test-cycles'] ?? [], name, `${at}[${i}].test-cycles`);
    });
  };
  walk(rows, '', '');
  return { names, unreadable };
}
