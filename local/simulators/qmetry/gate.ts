/**
 * What every simulated QMetry request passes before a route: site resolution from `x-sim-host` (unknown
 * site → an HTML 404 page), injected faults, the `apikey` header (a plain-text 401 `Unauthorized`, as in
 * smartbear-mcp src/qmetry/api/project.test.ts; an expired key says so: a guess), the `project` header (400 when
 * missing, 404 unknown/archived, 403 without a role), the optional `orgcode` and `scope` headers, and 400s for
 * bodies that are not JSON. Error bodies are `{ error, code }` with the HTTP status as `code`
 * (src/qmetry/api/testcase.test.ts, requirement.test.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QmetryFaults } from './faults';
import type { QmetrySimState } from './state';
import type { HostData, SimProject, SimUser } from './types';

export interface RequestContext {
  host: HostData;
  user?: SimUser;
  /** The project named by the `project` header, resolved for every call except the project list. */
  project?: SimProject;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();
const SIM_HOST = 'x-sim-host';
/** Calls that take any `project` header value: the project list works before a project is chosen. */
const PROJECT_FREE = ['/rest/admin/project/list'];

export const SITE_NOT_FOUND_HTML =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head>' +
  '<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>';

export function ctx(req: FastifyRequest): RequestContext {
  const c = contexts.get(req);
  if (!c) throw new Error('QMetry simulator: request passed no gate');
  return c;
}

/** The resolved project of a project-scoped call. */
export function projectOf(req: FastifyRequest): SimProject {
  const p = ctx(req).project;
  if (!p) throw new Error('QMetry simulator: no project resolved for this call');
  return p;
}

/** QMetry's JSON error answer: `{ error, code }`, `code` the HTTP status. */
export const qmError = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ error, code: status });

/** QMetry's plain-text 401. */
const unauthorized = (reply: FastifyReply, text: string) => reply.code(401).type('text/plain; charset=utf-8').send(text);

export const mandatory = (reply: FastifyReply, what: string) => qmError(reply, 400, `Invalid json object or mandatory fields missing: ${what}`);

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

export function installGate(app: FastifyInstance, state: QmetrySimState, faults: QmetryFaults): void {
  app.setErrorHandler((err: { statusCode?: number; message?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 400 || status === 415) return qmError(reply, 400, 'Invalid json object or mandatory fields missing');
    return qmError(reply, 500, 'Returned when server connection times out');
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.includes('/__sim/')) return;
    const m = /^([a-z0-9-]+)\.qmetry\.com$/.exec(header(req, SIM_HOST).toLowerCase());
    const host = m ? state.host(m[1]) : undefined;
    if (!host) return reply.code(404).type('text/html; charset=utf-8').send(SITE_NOT_FOUND_HTML);

    await faults.delay();
    const limited = faults.take('rateLimit', req.url);
    if (limited) {
      if (limited.retryAfter !== undefined) void reply.header('Retry-After', limited.retryAfter);
      return qmError(reply, 429, 'Too many requests. Please retry later.');
    }
    const failed = faults.take('serverError', req.url);
    if (failed) {
      if (failed.status === 500) return qmError(reply, 500, 'Returned when server connection times out');
      return reply.code(failed.status).type('text/html').send(`<html><body><h1>${failed.status} Service Unavailable</h1></body></html>`);
    }

    const context: RequestContext = { host };
    contexts.set(req, context);
    if (!req.url.includes('/rest/')) return;

    const key = header(req, 'apikey');
    if (!key) return unauthorized(reply, 'Unauthorized');
    const user = host.users.find((u) => u.apiKey === key);
    if (user && user.keyState === 'active' && faults.revokeNow()) user.keyState = 'revoked';
    if (!user || user.keyState === 'revoked') return unauthorized(reply, 'Unauthorized');
    if (user.keyState === 'expired') return unauthorized(reply, 'Unauthorized: the API key has expired');
    context.user = user;

    const orgcode = header(req, 'orgcode');
    if (orgcode && orgcode !== host.clientCode) return qmError(reply, 400, `Invalid orgcode: ${orgcode}`);
    const projectKey = header(req, 'project');
    if (!projectKey) return mandatory(reply, 'project');
    if (PROJECT_FREE.some((p) => req.url.split('?')[0].endsWith(p))) return;
    const project = host.projects.find((p) => p.key.toLowerCase() === projectKey.toLowerCase() || String(p.id) === projectKey);
    if (!project || project.archived) return qmError(reply, 404, `Project ${projectKey} not found`);
    if (!user.projectIds.includes(project.id)) {
      return qmError(reply, 403, `You do not have permission to access project ${project.key}`);
    }
    // `scope` (the numeric project id, sent by the vendor's client on some calls) must name the same project: a guess.
    const scope = header(req, 'scope');
    if (scope && scope !== String(project.id)) return qmError(reply, 400, `Invalid scope: ${scope}`);
    context.project = project;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.includes('/rest/') || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    if (faults.take('malformedJson', req.url)) return `<html><body>Gateway error</body></html>{"data":[`;
    if (faults.take('truncatedBody', req.url)) return payload.slice(0, Math.floor(payload.length / 2));
    if (faults.take('corruptField', req.url)) {
      const body = JSON.parse(payload) as { data?: unknown[] } & Record<string, unknown>;
      const first = Array.isArray(body.data) ? body.data[0] : body;
      if (first && typeof first === 'object') (first as Record<string, unknown>).name = 42;
      return JSON.stringify(body);
    }
    return payload;
  });
}
