/**
 * Simulated QMetry issue calls, at the paths and with the bodies of SmartBear's own client (src/qmetry/config/
 * rest-endpoints.ts ISSUES and TESTSUITE, types/issues.ts):
 * - POST /rest/issues/list/viewColumns   the project's issues (`viewId` the issue view of getinfo's latestViews.IS),
 *   filtered (`entityKeyId`), sorted, paged. A Jira key of a project the site's Jira integration covers is imported
 *   when first asked for (state.ts issueByKey).
 * - POST /rest/execution/issue/list/forTCRun   the issues linked to a test case run (`entityId` its tcRunID).
 * - PUT  /rest/execution/link/issue   links existing issues (`issueIds`, their ids) to a test case run (`tcrId`).
 * A role without the Issues module is refused all three (403), a role that may only view issues the link; the answers
 * of the link (`{ success, message }`) and the wording of its errors are guesses.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ctx, mandatory, projectOf, qmError } from '../gate';
import { listBody, page } from '../paging';
import { formatOf, issueJson } from '../render';
import type { QmetrySimState } from '../state';
import type { HostData, SimProject } from '../types';
import { viewOk } from './tests';

const LinkBody = z.object({
  issueIds: z.array(z.union([z.string().regex(/^\d+$/), z.number().int().positive()])).min(1),
  tcrId: z.number().int().positive(),
});

/** The project's test case run with this id, if any. */
function runOf(host: HostData, p: SimProject, runId: number) {
  const run = host.runs.find((r) => r.id === runId);
  const sr = run && host.suiteRuns.find((x) => x.id === run.suiteRunId);
  const suite = sr && host.suites.find((s) => s.id === sr.suiteId);
  return suite?.projectId === p.id ? run : undefined;
}

/** A 403 for a role without the Issues module; undefined when the role has it. */
function noIssues(req: FastifyRequest, reply: FastifyReply, p: SimProject) {
  return ctx(req).user?.issues === 'none' ? qmError(reply, 403, `Your role in project ${p.key} has no access to Issues`) : undefined;
}

export function installIssueRoutes(app: FastifyInstance, state: QmetrySimState): void {
  app.post('/rest/issues/list/viewColumns', async (req, reply) => {
    const body = listBody(req.body, reply, { viewId: 'number' });
    if (!body) return reply;
    const p = projectOf(req);
    if (noIssues(req, reply, p)) return reply;
    if (p.views.IS === undefined || !viewOk(reply, body, p.views.IS)) return p.views.IS === undefined ? qmError(reply, 400, `Invalid viewId: ${String(body.viewId)}`) : reply;
    const { host } = ctx(req);
    // An issue asked for by its Jira key is imported first, as QMetry's Jira integration holds them.
    const filters = JSON.parse(typeof body.filter === 'string' ? body.filter : '[]') as Array<{ field?: unknown; value?: unknown }>;
    for (const f of filters) {
      if (f.field !== 'entityKeyId' || typeof f.value !== 'string') continue;
      for (const key of f.value.split(',').map((k) => k.trim()).filter(Boolean)) state.issueByKey(host.site, p.id, key);
    }
    return page((host.issues ?? []).filter((i) => i.projectId === p.id).map((i) => issueJson(host, i)), body, formatOf(host, p.id));
  });

  app.post('/rest/execution/issue/list/forTCRun', async (req, reply) => {
    const body = listBody(req.body, reply, { entityId: 'id' });
    if (!body) return reply;
    const p = projectOf(req);
    if (noIssues(req, reply, p)) return reply;
    const { host } = ctx(req);
    const run = runOf(host, p, Number(body.entityId));
    if (!run) return qmError(reply, 400, `Test case run ${String(body.entityId)} not found`);
    const linked = body.getLinked !== false;
    const issues = (host.issues ?? []).filter((i) => i.projectId === p.id && (run.issueIds ?? []).includes(i.id) === linked);
    return page(issues.map((i) => issueJson(host, i)), body, formatOf(host, p.id));
  });

  app.put('/rest/execution/link/issue', async (req, reply) => {
    const parsed = LinkBody.safeParse(req.body);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0].path[0] ?? 'body');
      return (req.body as Record<string, unknown> | undefined)?.[field] === undefined
        ? mandatory(reply, field)
        : qmError(reply, 400, `Invalid json object or mandatory fields missing: ${field}`);
    }
    const p = projectOf(req);
    if (noIssues(req, reply, p)) return reply;
    if (ctx(req).user?.issues === 'view') return qmError(reply, 403, `Your role in project ${p.key} may not link issues`);
    const { host } = ctx(req);
    const run = runOf(host, p, parsed.data.tcrId);
    if (!run) return qmError(reply, 400, `Test case run ${parsed.data.tcrId} not found`);
    const ids = parsed.data.issueIds.map(Number);
    const unknown = ids.find((id) => !(host.issues ?? []).some((i) => i.projectId === p.id && i.id === id));
    if (unknown !== undefined) return qmError(reply, 400, `Issue ${unknown} not found`);
    state.linkIssues(host.site, run.id, ids);
    return { success: true, message: 'Issues linked successfully' };
  });
}
