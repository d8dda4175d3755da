/**
 * The qTest Manager endpoints the connector reads, per the v3 Swagger: login, projects (paged), execution statuses,
 * POST /search (test-cases, test-runs, requirements, test-logs), linked-artifacts, modules, test-cases.
 * Test cycles, a run's test logs and a project's users are in routes-runs.ts. Requests reach these handlers only
 * once spec-gate.ts has found them allowed by the Swagger; what is checked here is what qTest itself refuses.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, ctx, intParam, projectFor } from './gate';
import { compileQuery, criteriaOf, QueryError, type Queryable } from './query';
import { moduleTreeJson, projectJson, requirementJson, statusJson, testCaseJson, testLogJson, testRunJson } from './render';
import type { QtestSimState } from './state';

const SEARCH_TYPES = ['releases', 'requirements', 'test-cases', 'test-runs', 'test-suites', 'test-cycles', 'test-logs', 'builds', 'defects'] as const;
const SearchBody = z.object({
  object_type: z.enum(SEARCH_TYPES),
  fields: z.array(z.string()).optional(),
  query: z.string().optional(),
});
const LINK_TYPES = ['releases', 'builds', 'requirements', 'test-cases', 'test-runs', 'test-logs', 'test-steps', 'defects'];
const MAX_PAGE = 999;

export interface RouteOptions {
  /** Lifetime of tokens issued by /oauth/token. */
  loginTtlSeconds: number;
  /** Whether test-log searches know the criteria `Test Run Id` (see query.ts). */
  testLogRunCriterion: boolean;
}

const truthy = (v: unknown) => String(v).toLowerCase() === 'true';

/**
 * The search's `fields`: absent or "*" gives every field; otherwise only the named ones (the Swagger: "specify which
 * object fields you want to include in the response"). Whether qTest adds `links` or `id` unasked is not documented;
 * the simulator gives exactly what was named.
 */
function pickFields(items: unknown[], fields: string[] | undefined): unknown[] {
  if (!fields || fields.length === 0 || fields.includes('*')) return items;
  return items.map((i) => Object.fromEntries(fields.filter((f) => f in (i as object)).map((f) => [f, (i as Record<string, unknown>)[f]])));
}

export function installRoutes(app: FastifyInstance, state: QtestSimState, opts: RouteOptions): void {
  app.post('/oauth/token', async (req, reply) => {
    const { site } = ctx(req);
    const basic = /^basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const client = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
    if (client !== `${site.site}:` && client !== 'qtest-api:') {
      return reply.code(401).send({ error: 'unauthorized', error_description: 'Bad client credentials' });
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.code(415).send({ error: 'invalid_request', error_description: 'Content type must be application/x-www-form-urlencoded' });
    }
    const form = (req.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'password') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${form.grant_type ?? ''}` });
    }
    const user = site.users.find((u) => u.username.toLowerCase() === (form.username ?? '').toLowerCase());
    if (!user || !user.password || user.password !== form.password) {
      return reply.code(400).send({ error: 'invalid_grant', error_description: 'Bad credentials' });
    }
    const token = state.issueLoginToken(site.site, user.id, opts.loginTtlSeconds);
    return {
      access_token: token.value,
      token_type: 'bearer',
      expires_in: opts.loginTtlSeconds,
      scope: 'read create delete write execute export import share administration',
      agent: 'api',
    };
  });

  // "By default, all projects are returned"; with page/pageSize (default 100, up to 999) one page of them.
  app.get('/api/v3/projects', async (req, reply) => {
    const { site, user } = ctx(req);
    const q = req.query as Record<string, unknown>;
    const all = site.projects.filter((p) => user && p.memberIds.includes(user.id)).map((p) => projectJson(site, p));
    if (q.page === undefined && q.pageSize === undefined) return reply.header('X-Item-Total', all.length).send(all);
    const pageSize = intParam(reply, q.pageSize, 'pageSize', 100, MAX_PAGE);
    const page = pageSize === undefined ? undefined : intParam(reply, q.page, 'page', 1);
    if (pageSize === undefined || page === undefined) return reply;
    return reply.header('X-Item-Total', all.length).send(all.slice((page - 1) * pageSize, page * pageSize));
  });

  app.get('/api/v3/projects/:projectId/test-runs/execution-statuses', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    return site.statuses.map((s) => statusJson(site, p.id, s));
  });

  app.post('/api/v3/projects/:projectId/search', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    const pageSize = intParam(reply, q.pageSize, 'pageSize', 100, MAX_PAGE);
    if (pageSize === undefined) return reply;
    const page = intParam(reply, q.page, 'page', 1);
    if (page === undefined) return reply;
    const body = SearchBody.safeParse(req.body);
    if (!body.success) {
      const i = body.error.issues[0];
      return badRequest(reply, `Invalid search request: ${i.path.join('.') || 'body'} ${i.message}`);
    }
    const type = body.data.object_type;
    if (type !== 'test-cases' && type !== 'test-runs' && type !== 'requirements' && type !== 'test-logs') {
      return badRequest(reply, `The simulator does not search ${type}`);
    }
    let match: (r: Queryable) => boolean;
    try {
      match = compileQuery(body.data.query, criteriaOf(type, opts));
    } catch (e) {
      if (e instanceof QueryError) return badRequest(reply, e.message);
      throw e;
    }
    const { site } = ctx(req);
    let all: unknown[] = [];
    if (type === 'test-cases') {
      const steps = truthy(q.appendTestSteps);
      all = site.cases.filter((c) => c.projectId === p.id && match(c)).sort((a, b) => a.id - b.id).map((c) => testCaseJson(site, c, steps));
    } else if (type === 'test-runs') {
      all = site.runs
        .filter((r) => r.projectId === p.id && match(r))
        .sort((a, b) => a.id - b.id)
        .map((r) => testRunJson(site, r));
    } else if (type === 'requirements') {
      const ext = truthy(q.includeExternalProperties);
      all = site.requirements.filter((r) => r.projectId === p.id && match(r)).sort((a, b) => a.id - b.id).map((r) => requirementJson(site, r, ext));
    } else {
      // A test log is queried by its own id and execution times, and by its run (`Test Run Id`, a guess).
      const withProps = truthy(q.includeTestLogProperties);
      all = site.runs
        .filter((r) => r.projectId === p.id)
        .flatMap((run) => run.logs.map((log) => ({ run, log })))
        .filter(({ run, log }) =>
          match({ id: log.id, name: run.name, createdAt: log.exeEnd, lastModifiedAt: log.exeEnd, testRunId: run.id, exeStart: log.exeStart, exeEnd: log.exeEnd }),
        )
        .sort((a, b) => a.log.id - b.log.id)
        .map(({ run, log }) => testLogJson(site, run, log, withProps));
    }
    const items = pickFields(all.slice((page - 1) * pageSize, page * pageSize), body.data.fields);
    return {
      links: [{ rel: 'self', href: `https://${site.site}.qtestnet.com${req.url}` }],
      page,
      page_size: pageSize,
      total: all.length,
      items,
    };
  });

  app.get('/api/v3/projects/:projectId/linked-artifacts', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    if (typeof q.type !== 'string' || !LINK_TYPES.includes(q.type)) return badRequest(reply, 'Parameter type is invalid');
    // `ids` is `collectionFormat: multi` (ids=1&ids=2); the spec gate has checked each is an integer.
    const raw = ([] as unknown[]).concat(q.ids ?? []).map(String);
    if (q.type !== 'test-cases') return [];
    const { site } = ctx(req);
    const ids = raw.map(Number);
    return site.cases
      .filter((c) => c.projectId === p.id && ids.includes(c.id))
      .map((c) => ({
        id: c.id,
        pid: c.pid,
        objects: c.requirementIds
          .map((rid) => site.requirements.find((r) => r.id === rid))
          .filter((r) => r !== undefined)
          .map((r) => ({
            id: r.id,
            pid: r.pid,
            link_type: 'covers',
            self: `https://${site.site}.qtestnet.com/p/${p.id}/portal/project#tab=requirements&object=5&id=${r.id}`,
          })),
      }));
  });

  app.get('/api/v3/projects/:projectId/modules', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    const parentId = q.parentId === undefined ? null : Number(q.parentId);
    return moduleTreeJson(ctx(req).site, p.id, parentId, q.expand === 'descendants');
  });

  app.get('/api/v3/projects/:projectId/test-cases', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const q = req.query as Record<string, unknown>;
    const size = intParam(reply, q.size, 'size', 20, MAX_PAGE);
    if (size === undefined) return reply;
    const page = intParam(reply, q.page, 'page', 1);
    if (page === undefined) return reply;
    const { site } = ctx(req);
    const parent = q.parentId === undefined ? undefined : Number(q.parentId);
    return site.cases
      .filter((c) => c.projectId === p.id && (parent === undefined || c.moduleId === parent))
      .sort((a, b) => a.id - b.id)
      .slice((page - 1) * size, page * size)
      .map((c) => testCaseJson(site, c, truthy(q.expandSteps)));
  });

  app.get('/api/v3/projects/:projectId/test-cases/:testCaseId', async (req, reply) => {
    const p = projectFor(req, reply);
    if (!p) return reply;
    const { site } = ctx(req);
    const key = (req.params as { testCaseId: string }).testCaseId;
    const c = site.cases.find((x) => x.projectId === p.id && (String(x.id) === key || x.pid.toLowerCase() === key.toLowerCase()));
    if (!c) return reply.code(404).send({ message: `Test Case not found: ${key}` });
    return testCaseJson(site, c, (req.query as Record<string, unknown>).expand === 'teststep');
  });
}
