/**
 * Simulated QMetry admin calls: GET /rest/admin/project/getinfo, POST /rest/admin/project/list,
 * /rest/admin/scope/tree, /rest/admin/platform/list and /rest/admin/execution/list.
 */
import type { FastifyInstance } from 'fastify';
import { ctx, projectOf, qmError } from '../gate';
import { listBody, page } from '../paging';
import { projectInfoJson, projectJson, statusJson } from '../render';

export function installAdminRoutes(app: FastifyInstance): void {
  app.get('/rest/admin/project/getinfo', async (req) => projectInfoJson(ctx(req).host, projectOf(req)));

  app.post('/rest/admin/project/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    const params = body.params;
    if (params !== undefined && (typeof params !== 'object' || params === null)) {
      return qmError(reply, 400, 'CO.INVALID_JSON', 'params must be an object');
    }
    const showArchive = (params as { showArchive?: unknown } | undefined)?.showArchive === true;
    const { host, user } = ctx(req);
    const rows = host.projects
      .filter((p) => user?.projectIds.includes(p.id) && (showArchive || !p.archived))
      .map(projectJson);
    return page(rows, body);
  });

  app.post('/rest/admin/scope/tree', async (req, reply) => {
    const b = req.body as { showArchive?: unknown } | undefined;
    if (!b || typeof b !== 'object') return qmError(reply, 400, 'CO.INVALID_JSON', 'Invalid json object or mandatory fields missing');
    const showArchive = b.showArchive === true;
    const p = projectOf(req);
    const releases = ctx(req)
      .host.releases.filter((r) => r.projectId === p.id && (showArchive || !r.archived))
      .map((r) => ({
        releaseID: r.id,
        name: r.name,
        isArchived: r.archived,
        builds: r.cycles.filter((c) => showArchive || !c.archived).map((c) => ({ buildID: c.id, name: c.name, isArchived: c.archived })),
      }));
    return { projects: { projectID: p.id, name: p.name, releases } };
  });

  app.post('/rest/admin/platform/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    const p = projectOf(req);
    const rows = ctx(req)
      .host.platforms.filter((x) => x.projectId === p.id)
      .map((x) => ({ platformID: x.id, name: x.name, isArchived: false }));
    return page(rows, body);
  });

  app.post('/rest/admin/execution/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    projectOf(req);
    return page(ctx(req).host.statuses.map(statusJson), body);
  });
}
