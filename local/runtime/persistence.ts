/**
 * JSON files in the local data directory, written atomically (temp file + rename) and debounced.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class JsonFile<T> {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => T) | undefined;

  constructor(
    readonly filePath: string,
    private readonly debounceMs = 200,
  ) {}

  /** The stored value, or undefined when the file does not exist or cannot be parsed. */
  read(): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.filePath, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        console.error(`[local-runtime] could not read ${this.filePath}: ${(err as Error).message}`);
      }
      return undefined;
    }
  }

  /** Schedules a write of `produce()`; several calls within the debounce window make one write. */
  scheduleWrite(produce: () => T): void {
    this.pending = produce;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  /** Writes any scheduled value now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const produce = this.pending;
    this.pending = undefined;
    if (!produce) return;
    writeJsonAtomic(this.filePath, produce());
  }
}

export function writeJsonAtomic(filePath: string, value: unknown): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value));
  fs.renameSync(tmp, filePath);
}

/** Prepares the data directory; `fresh` deletes what it held. */
export function prepareDataDir(dir: string, fresh: boolean): void {
  if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

/** The default storage folder: `.local-data/`, or `.local-data/real-jira/<host>/` for a real Jira site (never the demo's). */
export function defaultDataDir(rootDir: string, realJira: { baseUrl: string } | undefined): string {
  if (!realJira) return path.join(rootDir, '.local-data');
  const host = new URL(realJira.baseUrl).host.toLowerCase().replace(/[^a-z0-9.-]/g, '_');
  return path.join(rootDir, '.local-data', 'real-jira', host);
}
