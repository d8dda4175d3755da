/**
 * The simulators the local server mounts (`/jira`, `/qtest`): loading them from `local/simulators/<name>`,
 * and keeping the Jira simulator's state in `<dataDir>/jira.json` across restarts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { AppManifest } from './manifest';
import { JsonFile } from './persistence';

/** What each simulator module's factory (`createJiraSimulator`, `createQtestSimulator`) answers. */
export interface Simulator {
  plugin: FastifyPluginAsync<any>;
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** Indexed entity property paths of the manifest, flattened (one entry per `values` item). */
export function indexedPropertiesOf(manifest: AppManifest) {
  return manifest.entityProperties.flatMap((p) =>
    p.values.map((v) => ({ propertyKey: p.propertyKey, path: v.path, type: v.type, ...(v.searchAlias ? { searchAlias: v.searchAlias } : {}) })),
  );
}

/**
 * Loads `local/simulators/<dir>/index.ts` and calls its factory; answers undefined (with a log line) when
 * the module is not there yet.
 */
export function loadSimulator(rootDir: string, dir: string, factory: string, opts: Record<string, unknown>): Simulator | undefined {
  const base = path.join(rootDir, 'local', 'simulators', dir, 'index');
  if (!['.ts', '.js'].some((ext) => fs.existsSync(base + ext))) {
    console.error(`[local-server] ${base}.ts not found; the ${dir} simulator is not mounted`);
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(base) as Record<string, unknown>;
  const create = mod[factory];
  if (typeof create !== 'function') throw new Error(`${base} does not export ${factory}()`);
  return create(opts) as Simulator;
}

/** Keeps a simulator's snapshot in a JSON file: restores it now, saves it when it changes. */
export class SnapshotKeeper {
  private readonly file: JsonFile<unknown>;
  private last: string | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sim: Simulator,
    filePath: string,
    everyMs = 2000,
  ) {
    this.file = new JsonFile<unknown>(filePath, 0);
    const saved = this.file.read();
    if (saved !== undefined) {
      try {
        sim.restore(saved);
        this.last = JSON.stringify(saved);
      } catch (err) {
        console.error(`[local-server] could not restore ${filePath}: ${(err as Error).message}`);
      }
    }
    this.timer = setInterval(() => this.save(), everyMs);
    this.timer.unref?.();
  }

  save(): void {
    const state = this.sim.snapshot();
    const text = JSON.stringify(state);
    if (text === this.last) return;
    this.last = text;
    this.file.scheduleWrite(() => state);
    this.file.flush();
  }

  stop(): void {
    clearInterval(this.timer);
    this.save();
  }
}
