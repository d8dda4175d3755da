/**
 * What every simulated qTest request passes before a route: site resolution from `x-sim-host`
 * (unknown site → qTest's 404 HTML page), injected faults, and bearer-token authentication.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QtestFaults } from './faults';
import type { QtestSimState } from './state';
import type { SimProject, SimToken, SimUser, SiteData } from './types';

export interface RequestContext {
  site: SiteData;
  user?: SimUser;
  token?: SimToken;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();
const SIM_HOST = 'x-sim-host';

export const SITE_NOT_FOUND_HTML =
  '<!DOCTYPE html><html><head><title>qTest - Page Not Found</title></head>' +
  '<body><h1>Site not found</h1><p>The qTest site you are looking for does not exist.</p></body></html>';

export function ctx(req: FastifyRequest): RequestContext {
  const c = contexts.get(req);
  if (!c) throw new Error('qTest simulator: request passed no gate');
  return c;
}

export function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ message });
}

/** The project in `:projectId` if the caller may see it; otherwise answers 404/403 and returns undefined. */
export function projectFor(req: FastifyRequest, reply: FastifyReply): SimProject | undefined {
  const { site, user } = ctx(req);
  const raw = (req.params as { projectId?: string }).projectId ?? '';
  if (!/^\d+$/.test(raw)) {
    void badRequest(reply, `Invalid project id: ${raw}`);
    return undefined;
  }
  const p = site.projects.find((x) => x.id === Number(raw));
  if (!p) {
    void reply.code(404).send({ message: `Project not found: ${raw}` });
    return undefined;
  }
  if (!user || !p.memberIds.includes(user.id)) {
    void reply.code(403).send({ message: 'User does not have permission to access this project' });
    return undefined;
  }
  return p;
}

/** Parses a positive integer query parameter; answers 400 and returns undefined when it is not one. */
export function intParam(
  reply: FastifyReply,
  value: unknown,
  name: string,
  fallback: number,
  max?: number,
): number | undefined {
  if (value === undefined || value === '') return fallback;
  const s = String(value);
  if (!/^\d+$/.test(s) || Number(s) < 1) {
    void badRequest(reply, `${name} must be a positive integer`);
    return undefined;
  }
  if (max !== undefined && Number(s) > max) {
    void badRequest(reply, `${name} must not be greater than ${max}`);
    return undefined;
  }
  return Number(s);
}

const unauthorized = (reply: FastifyReply, error: string, description: string) =>
  reply.code(401).header('WWW-Authenticate', `Bearer error="${error}"`).send({ error, error_description: description });

export function installGate(app: FastifyInstance, state: QtestSimState, faults: QtestFaults): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.includes('/__sim/')) return;
    const host = String(req.headers[SIM_HOST] ?? '').toLowerCase();
    const m = /^([a-z0-9-]+)\.qtestnet\.com$/.exec(host);
    const site = m ? state.site(m[1]) : undefined;
    if (!site) return reply.code(404).type('text/html; charset=utf-8').send(SITE_NOT_FOUND_HTML);

    await faults.delay();
    const limited = faults.take('rateLimit', req.url);
    if (limited) {
      if (limited.retryAfter !== undefined) void reply.header('Retry-After', limited.retryAfter);
      return reply.code(429).send({ message: 'API rate limit exceeded. Please retry later.' });
    }
    const failed = faults.take('serverError', req.url);
    if (failed) {
      const text = failed.status === 500 ? { message: 'Internal Server Error' } : `<html><body><h1>${failed.status} Service Unavailable</h1></body></html>`;
      return reply.code(failed.status).type(typeof text === 'string' ? 'text/html' : 'application/json').send(text);
    }

    const context: RequestContext = { site };
    contexts.set(req, context);
    if (!req.url.includes('/api/')) return;

    const header = req.headers.authorization ?? '';
    const bearer = /^bearer\s+(\S+)$/i.exec(header.trim());
    if (!bearer) return unauthorized(reply, 'unauthorized', 'Full authentication is required to access this resource');
    const token = site.tokens.find((t) => t.value === bearer[1]);
    if (token && !token.revoked && faults.revokeNow()) token.revoked = true;
    if (!token || token.revoked) return unauthorized(reply, 'invalid_token', `Invalid access token: ${bearer[1]}`);
    if (token.expiresAt !== undefined && token.expiresAt <= state.now()) {
      return unauthorized(reply, 'invalid_token', `Access token expired: ${bearer[1]}`);
    }
    const user = site.users.find((u) => u.id === token.userId);
    if (!user?.apiAccess) return reply.code(403).send({ message: 'Access is denied' });
    context.user = user;
    context.token = token;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.includes('/api/') || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    if (faults.take('malformedJson', req.url)) return `<html><body>Proxy error</body></html>{"items":[`;
    if (faults.take('truncatedBody', req.url)) return payload.slice(0, Math.floor(payload.length / 2));
    if (faults.take('corruptEnvelope', req.url)) {
      const body = JSON.parse(payload) as unknown;
      return JSON.stringify(Array.isArray(body) ? { items: 'not a list' } : { ...(body as object), items: 'not a list' });
    }
    if (faults.take('corruptField', req.url)) {
      const body = JSON.parse(payload) as unknown;
      const first = Array.isArray(body) ? body[0] : (body as { items?: unknown[] }).items?.[0];
      const stepLog = Array.isArray(body) ? undefined : (body as { test_step_logs?: unknown[] }).test_step_logs?.[0];
      if (first && typeof first === 'object') {
        const rec = first as Record<string, unknown>;
        if ('pid' in rec) rec.pid = 12345;
        else rec.name = 42;
      } else if (stepLog && typeof stepLog === 'object') {
        // One test log: its first step log's status as a bare name instead of a StatusResource.
        const rec = stepLog as Record<string, unknown>;
        rec.status = (rec.status as { name?: unknown } | undefined)?.name ?? 'Failed';
      }
      return JSON.stringify(body);
    }
    return payload;
  });
}
