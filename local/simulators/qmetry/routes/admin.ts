/**
 * Simulated QMetry admin calls: GET /rest/admin/project/getinfo, POST /rest/admin/project/list,
 * /rest/admin/scope/tree, /rest/admin/platform/list and /rest/admin/execution/list.
 */
import type { FastifyInstance } from 'fastify';
import { ctx, projectOf, qmError } from '../gate';
import { listBody, page } from '../paging';
import { formatOf, platformJson, projectInfoJson, projectJson, scopeTreeJson, statusJson } from '../render';

export function installAdminRoutes(app: FastifyInstance): void {
  app.get('/rest/admin/project/getinfo', async (req) => projectInfoJson(ctx(req).host, projectOf(req)));

  app.post('/rest/admin/project/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    const params = body.params;
    if (params !== undefined && (typeof params !== 'object' || params === null)) {
      return qmError(reply, 400, 'params must be an object');
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
    if (!b || typeof b !== 'object') return qmError(reply, 400, 'Invalid json object or mandatory fields missing');
    return scopeTreeJson(ctx(req).host, projectOf(req), b.showArchive === true);
  });

  app.post('/rest/admin/platform/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    const p = projectOf(req);
    const { host } = ctx(req);
    const rows = host.platforms.filter((x) => x.projectId === p.id).map((x) => platformJson(host, x, p.createdAt));
    return page(rows, body, formatOf(host, p.id));
  });

  app.post('/rest/admin/execution/list', async (req, reply) => {
    const body = listBody(req.body, reply);
    if (!body) return reply;
    projectOf(req);
    return page(ctx(req).host.statuses.map(statusJson), body);
  });
}
