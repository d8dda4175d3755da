/**
 * The local runtime's dashboard: the configuration each gadget instance's edit mode saved with `view.submit`, as
 * Jira keeps it per gadget and gives it back in the gadget's context (`extension.gadgetConfiguration`). Kept in
 * `gadgets.json` of the data directory (in memory without one), so a configured gadget stays configured across
 * restarts, as on a Jira dashboard.
 */
import * as path from 'node:path';
import { JsonFile } from './persistence';

/** What one gadget's configuration may hold: a JSON object this size at most (a configuration is a few fields). */
export const GADGET_CONFIG_MAX_CHARS = 10_000;
export const GADGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Stored = Record<string, Record<string, unknown>>;

export class GadgetConfigs {
  private readonly configs: Map<string, Record<string, unknown>>;
  private readonly file?: JsonFile<Stored>;

  constructor(dataDir: string | undefined) {
    this.file = dataDir ? new JsonFile<Stored>(path.join(dataDir, 'gadgets.json')) : undefined;
    this.configs = new Map(Object.entries(this.file?.read() ?? {}));
  }

  private key(moduleKey: string, gadgetId: string): string {
    return `${moduleKey}/${gadgetId}`;
  }

  /** The gadget's saved configuration; {} for a gadget never configured. */
  get(moduleKey: string, gadgetId: string): Record<string, unknown> {
    return structuredClone(this.configs.get(this.key(moduleKey, gadgetId)) ?? {});
  }

  /** Saves what `view.submit` sent; answers why it cannot be kept, or undefined. */
  set(moduleKey: string, gadgetId: string, configuration: unknown): string | undefined {
    if (!GADGET_ID.test(gadgetId)) return 'The gadget id must be 1 to 64 letters, digits, dashes or underscores.';
    if (configuration === null || typeof configuration !== 'object' || Array.isArray(configuration)) return 'A gadget configuration must be a JSON object.';
    const text = JSON.stringify(configuration);
    if (text.length > GADGET_CONFIG_MAX_CHARS) return `A gadget configuration must be at most ${GADGET_CONFIG_MAX_CHARS} characters of JSON.`;
    this.configs.set(this.key(moduleKey, gadgetId), JSON.parse(text) as Record<string, unknown>);
    this.file?.scheduleWrite(() => Object.fromEntries(this.configs));
    return undefined;
  }

  flush(): void {
    this.file?.flush();
  }
}
