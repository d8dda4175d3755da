/**
 * What the gadget's edit mode offers, read as the user: the projects they may browse (Jira's project search, one
 * request), the chosen project's versions, and the environments the chosen version's tests ran in (from the
 * traceability report of that version, the page's own facets).
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { jira } from '../jira/client';
import { GADGET_PROJECTS_MAX, type GadgetOptions, type GadgetOptionsInput } from '../resolvers/gadget-contract';
import { defaultVersion } from '../traceability/jira-reads';
import { traceabilityReport } from '../traceability/service';

const ProjectPage = z.object({
  values: z.array(z.object({ key: z.string(), name: z.string() })),
  isLast: z.boolean().optional(),
  total: z.number().optional(),
});

/** Projects the user may browse whose key or name holds the query, in key order. */
export async function browsableProjectOptions(query: string | undefined): Promise<{ projects: { key: string; name: string }[]; more: boolean }> {
  const path = query
    ? route`/rest/api/3/project/search?query=${query}&orderBy=key&maxResults=${GADGET_PROJECTS_MAX}`
    : route`/rest/api/3/project/search?orderBy=key&maxResults=${GADGET_PROJECTS_MAX}`;
  const page = ProjectPage.parse(await jira(path, { as: 'user' }));
  const projects = page.values.map(({ key, name }) => ({ key, name }));
  return { projects, more: page.isLast === false || (page.total ?? 0) > projects.length };
}

export async function gadgetOptions(input: GadgetOptionsInput): Promise<GadgetOptions> {
  const [{ projects, more }, report] = await Promise.all([
    browsableProjectOptions(input.query),
    input.project ? traceabilityReport(input.project, input.version !== undefined ? { version: input.version } : {}) : Promise.resolve(undefined),
  ]);
  if (!report) return { projects, moreProjects: more };
  const next = defaultVersion(report.versions);
  return {
    projects,
    moreProjects: more,
    versions: report.versions.filter((v) => !v.archived || v.name === input.version),
    ...(next ? { nextVersion: next.name } : {}),
    ...(report.version ? { environments: report.facets.environments } : {}),
  };
}
