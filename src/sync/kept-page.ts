/**
 * The page of test cases a mapping is being worked through, kept in the run's cache: a page of up to 999 cases is
 * synced a chunk a unit, often over several invocations, and a continuation takes it from storage instead of reading
 * it (and what its rows need: requirement links, steps) from the tool again. One page a mapping at a time; what is
 * read back is validated, and a missing, damaged or other page's value reads as nothing (the tool is asked again).
 */
import { z } from 'zod';
import { TOOLS, type Page, type TestCase } from '../domain/model';
import type { RunCache } from '../connectors/types';
import { log } from '../platform/log';
import { pausesRun } from './context';

const Step = z.object({ index: z.number(), action: z.string(), data: z.string().optional(), expected: z.string() });
const Case = z.object({
  tool: z.enum(TOOLS),
  projectId: z.string(),
  externalId: z.string(),
  displayId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  precondition: z.string().optional(),
  steps: z.array(Step),
  priority: z.string().optional(),
  labels: z.array(z.string()),
  folderPath: z.string().optional(),
  url: z.string(),
  updatedAt: z.string(),
  version: z.string().optional(),
  requirementKeys: z.array(z.string()),
  jiraIssue: z.object({ id: z.string(), key: z.string() }).optional(),
});
/** The page as kept: which page it is (mapping, cursor, checkpoint) and its cases; rows it could not read are reported when it was read. */
const KeptPage = z.object({ page: z.string(), items: z.array(Case), next: z.string().optional() });

/** One page kept per project of the run's connection: the one its mapping is being worked through. */
const nameOf = (projectId: string) => `cases-page:${projectId}`;

export async function keptCasesPage(cache: RunCache, projectId: string, pageKey: string): Promise<Page<TestCase> | undefined> {
  let stored: unknown;
  try {
    stored = await cache.get(nameOf(projectId));
  } catch (e) {
    if (pausesRun(e)) throw e;
    log.warn('kept-page-unreadable', { project: projectId }, e);
    return undefined;
  }
  const kept = KeptPage.safeParse(stored);
  if (!kept.success || kept.data.page !== pageKey) return undefined;
  return { items: kept.data.items as TestCase[], ...(kept.data.next !== undefined ? { next: kept.data.next } : {}) };
}

/** Keeps the page for a continuation; a failure to keep it only costs reading it again (a wait for storage ends the step as ever). */
export async function keepCasesPage(cache: RunCache, projectId: string, pageKey: string, page: Page<TestCase>): Promise<void> {
  try {
    await cache.set(nameOf(projectId), { page: pageKey, items: page.items, ...(page.next !== undefined ? { next: page.next } : {}) });
  } catch (e) {
    if (pausesRun(e)) throw e;
    log.warn('kept-page-not-stored', { project: projectId }, e);
  }
}
