/**
 * The readiness gadget's configuration: what its edit mode saves with `view.submit` and Jira gives back in the
 * context (`extension.gadgetConfiguration`), and what the view sends its resolver. Kept free of anything but zod,
 * so the gadget's page checks the configuration Jira hands it with the very schema the resolver checks.
 */
import { z } from 'zod';

export const PROJECT_KEY = /^[A-Z][A-Z0-9_]*$/;

/** A project, a version (absent: the project's next release, as the traceability page opens on) and an environment (absent: all). */
export const GadgetConfig = z
  .object({
    project: z.string().regex(PROJECT_KEY, 'must be a Jira project key such as SHOP'),
    version: z.string().trim().min(1).max(255).optional(),
    environment: z.string().trim().min(1).max(255).optional(),
  })
  .strict();
export type GadgetConfig = z.infer<typeof GadgetConfig>;

/** What a stored configuration says: none yet (a gadget just added), a usable one, or one that cannot be used. */
export type StoredConfig = { state: 'none' } | { state: 'ok'; config: GadgetConfig } | { state: 'invalid'; problem: string };

/**
 * Reads the configuration Jira keeps for a gadget. An empty one (or none) is a gadget not configured yet; fields
 * Jira adds of its own are ignored, but a project, version or environment that is not what the edit mode saves
 * is a configuration to fix, never guessed at.
 */
export function storedConfig(raw: unknown): StoredConfig {
  if (raw === undefined || raw === null) return { state: 'none' };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { state: 'invalid', problem: 'the saved configuration is not an object' };
  const own = Object.fromEntries(Object.entries(raw).filter(([k, v]) => ['project', 'version', 'environment'].includes(k) && v !== '' && v !== null && v !== undefined));
  if (Object.keys(own).length === 0) return { state: 'none' };
  const parsed = GadgetConfig.safeParse(own);
  if (!parsed.success) return { state: 'invalid', problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'configuration'}: ${i.message}`).join('; ') };
  return { state: 'ok', config: parsed.data };
}
