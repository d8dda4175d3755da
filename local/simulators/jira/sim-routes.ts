/** `/__sim/*` endpoints for inspecting and steering the simulator (not part of Jira's API). */
import type { FastifyInstance } from 'fastify';
import { formatJiraDate } from './clock';
import { ZodError } from 'zod';
import type { FaultController } from './faults';
import type { PluginDeps } from './plugin';
import type { JiraStore } from './store';

/** Issue counts per project and issue type, for debugging. */
export function stateSummary(store: JiraStore): Record<string, unknown> {
  const projects: Record<string, { name: string; total: number; byType: Record<string, number> }> = {};
  for (const p of store.projects) projects[p.key] = { name: p.name, total: 0, byType: {} };
  for (const issue of store.issues) {
    const project = store.projectOf(issue);
    const entry = projects[project.key];
    const type = store.issueType(project, issue.issueTypeId)?.name ?? issue.issueTypeId;
    entry.total++;
    entry.byType[type] = (entry.byType[type] ?? 0) + 1;
  }
  return {
    projects,
    issues: store.issues.length,
    issuesWithProperties: store.issues.filter((i) => Object.keys(i.properties).length > 0).length,
    links: store.data.links.length,
    remoteLinks: store.data.remoteLinks.length,
    clock: { mode: store.clock.mode, now: formatJiraDate(store.clock.now()) },
  };
}

/** What GET/POST/DELETE /__sim/faults answer: the active controls, queued injections and the quota's use. */
export function faultsView(faults: FaultController) {
  return { faults: faults.active(), pending: faults.pending, quota: faults.quotaState() };
}

function faultError(e: unknown): string {
  if (e instanceof ZodError) return e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return (e as Error).message;
}

interface ClockBody {
  advanceMs?: number;
  set?: string;
}

export function registerSimRoutes(app: FastifyInstance, deps: PluginDeps): void {
  app.get('/__sim/state', async () => ({
    ...stateSummary(deps.store),
    faultsPending: deps.faults.pending,
    searchIndexPendingChanges: deps.store.index.pendingChanges,
    violations: deps.violations,
  }));

  app.get('/__sim/violations', async () => ({ violations: deps.violations }));

  app.delete('/__sim/violations', async (_req, reply) => {
    deps.violations.length = 0;
    return reply.status(204).send();
  });

  app.get('/__sim/faults', async () => faultsView(deps.faults));

  app.post('/__sim/faults', async (req, reply) => {
    try {
      deps.faults.set((req.body ?? {}) as Record<string, unknown>);
    } catch (e) {
      return reply.status(400).send({ error: faultError(e) });
    }
    return faultsView(deps.faults);
  });

  app.delete('/__sim/faults', async () => {
    deps.faults.clear();
    return faultsView(deps.faults);
  });

  app.post('/__sim/clock', async (req, reply) => {
    const body = (req.body ?? {}) as ClockBody;
    try {
      if (body.set !== undefined) deps.store.clock.set(body.set);
      if (body.advanceMs !== undefined) deps.store.clock.advance(body.advanceMs);
    } catch (e) {
      return reply.status(400).send({ error: (e as Error).message });
    }
    return { now: formatJiraDate(deps.store.clock.now()) };
  });
}
