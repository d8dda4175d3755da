/**
 * The qTest Manager endpoints around test execution the connector reads, per the v3 Swagger:
 * - GET /api/v3/projects/{projectId}/releases           getAllReleases: not paged; closed releases only with includeClosed=true
 * - GET /api/v3/projects/{projectId}/test-cycles        getTestCycles: the cycles directly under the root (parentType root,
 *                                                        the default) or under one release (parentType release, parentId);
 *                                                        paged (page, pageSize default 100), expand=descendants
 * - GET /api/v3/projects/{projectId}/test-runs/{id}/test-logs  getTestLogsList: TestLogListResource, paged (default 100, ≤ 999)
 * - GET /api/v3/projects/{projectId}/users              getUsers: the project's members (UserResource)
 */
import type { FastifyInstance } from 'fastify';
import { ctx, intParam, projectFor } from './gate';
import { cycleJson, releaseJson, testLogJson, userJson } from './render';

const MAX_PAGE = 999;

export function installRunRoutes(app: FastifyInstance): void {
  app.get('/api/v3/projects/:projectId/test-cycles', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    const { site } = ctx(req);
    // Nested cycles are not modelled: a cycle holds no cycles.
    if (q.parentType === 'test-cycle') return [];
    let releaseId: number | null = null;
    if (q.parentType === 'release') {
      const release = site.releases.find((r) => r.projectId === p.id && String(r.id) === String(q.parentId));
      if (!release) return reply.code(404).send({ message: `Release not found: ${String(q.parentId)}` });
      releaseId = release.id;
    }
    // "If a negative value is provided and no page number is specified, all Test Cycles will be retrieved."
    const all = q.pageSize !== undefined && Number(q.pageSize) < 0 && q.page === undefined;
    const pageSize = all ? Number.POSITIVE_INFINITY : intParam(reply, q.pageSize, 'pageSize', 100);
    const page = all ? 1 : intParam(reply, q.page, 'page', 1);
    if (pageSize === undefined || page === undefined) return reply;
    const cycles = site.cycles.filter((c) => c.projectId === p.id && c.releaseId === releaseId).sort((a, b) => a.id - b.id);
    const from = all ? 0 : (page - 1) * pageSize;
    return cycles.slice(from, from + pageSize).map((c) => cycleJson(site, c, q.expand === 'descendants'));
  });

  app.get('/api/v3/projects/:projectId/releases', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    const includeClosed = String((req.query as Record<string, unknown>).includeClosed) === 'true';
    return site.releases
      .filter((r) => r.projectId === p.id && (includeClosed || !r.closed))
      .sort((a, b) => a.id - b.id)
      .map((r) => releaseJson(site, r));
  });

  app.get('/api/v3/projects/:projectId/test-runs/:testRunId/test-logs', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    const pageSize = intParam(reply, q.pageSize, 'pageSize', 100, MAX_PAGE);
    const page = pageSize === undefined ? undefined : intParam(reply, q.page, 'page', 1);
    if (pageSize === undefined || page === undefined) return reply;
    const { site } = ctx(req);
    const id = String((req.params as { testRunId: string }).testRunId);
    const run = site.runs.find((r) => r.projectId === p.id && String(r.id) === id);
    if (!run) return reply.code(404).send({ message: `Test Run not found: ${id}` });
    const logs = [...run.logs].sort((a, b) => a.id - b.id);
    return {
      links: [{ rel: 'self', href: `https://${site.site}.qtestnet.com${req.url.replace(/^\/qtest/, '')}` }],
      page,
      page_size: pageSize,
      total: logs.length,
      items: logs.slice((page - 1) * pageSize, page * pageSize).map((log) => testLogJson(site, run, log, true)),
    };
  });

  app.get('/api/v3/projects/:projectId/users', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    return site.users.filter((u) => p.memberIds.includes(u.id)).map((u) => userJson(site, u));
  });
}
