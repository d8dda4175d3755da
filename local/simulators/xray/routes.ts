/**
 * The Xray simulator's HTTP surface: `POST /api/v2/authenticate` and `POST /api/v2/graphql`, with the region taken
 * from `x-sim-host` (xray.cloud.getxray.app is global; {us,eu,au}.xray.cloud.getxray.app are regional and only
 * know the API keys of tenants pinned there), injected faults, JWT checks and a per-key request budget
 * (429 with Retry-After when exceeded). GraphQL queries and mutations (mutations.ts) share the endpoint and the budget.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import type { XrayFaults } from './faults';
import { createMutationResolvers } from './mutations';
import { createRootResolvers } from './resolvers';
import { checkNodeLimits, xraySchema } from './schema';
import type { XraySimState } from './state';
import type { SimClient, XrayRegion } from './types';

const SIM_HOST = 'x-sim-host';
const HOSTS = /^(?:(us|eu|au)\.)?xray\.cloud\.getxray\.app$/;

export interface RouteOptions {
  tokenTtlSeconds: number;
  budget: { limit: number; windowMs: number };
}

const authFailed = (reply: FastifyReply, error: string) => reply.code(401).send({ error });
/** Xray's documented answer when its licence on the Jira site is not valid. */
const LICENCE_INVALID = 'The Xray license is not valid.';
const licenceInvalid = (reply: FastifyReply) => reply.code(401).type('text/plain; charset=utf-8').send(LICENCE_INVALID);

function regionOf(host: string): XrayRegion | undefined {
  const m = HOSTS.exec(host.toLowerCase());
  return m ? ((m[1] as XrayRegion | undefined) ?? 'global') : undefined;
}

/** The global endpoint serves every tenant; a regional one only tenants pinned to that region. */
function servesTenant(state: XraySimState, region: XrayRegion, client: SimClient): boolean {
  return region === 'global' || state.tenant(client.tenantId).region === region;
}

export function installRoutes(app: FastifyInstance, state: XraySimState, faults: XrayFaults, opts: RouteOptions): void {
  const windows = new Map<string, number[]>();
  /** Seconds to wait when the key's budget is spent, else 0 (and the request is counted). */
  const spend = (clientId: string): number => {
    const t = state.now();
    const sent = (windows.get(clientId) ?? []).filter((x) => x > t - opts.budget.windowMs);
    windows.set(clientId, sent);
    if (sent.length >= opts.budget.limit) return Math.max(1, Math.ceil((sent[0] + opts.budget.windowMs - t) / 1000));
    sent.push(t);
    return 0;
  };
  const tooMany = (reply: FastifyReply, seconds: number) =>
    reply.code(429).header('Retry-After', String(seconds)).send({ error: 'Too many requests. Please retry later.' });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.includes('/__sim/')) return;
    const region = regionOf(String(req.headers[SIM_HOST] ?? ''));
    if (!region) return reply.code(404).type('text/html').send('<html><body><h1>404 Not Found</h1></body></html>');
    (req as unknown as { xrayRegion: XrayRegion }).xrayRegion = region;
    await faults.delay();
    const limited = faults.take('rateLimit', req.url);
    if (limited) {
      if (limited.retryAfter !== undefined) void reply.header('Retry-After', limited.retryAfter);
      return reply.code(429).send({ error: 'Too many requests. Please retry later.' });
    }
    const failed = faults.take('serverError', req.url);
    if (failed) return reply.code(failed.status).type('text/html').send(`<html><body><h1>${failed.status} Server Error</h1></body></html>`);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.includes('/api/') || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    if (faults.take('malformedJson', req.url)) return '<html><body>Bad gateway</body></html>{"data":';
    if (faults.take('truncatedBody', req.url)) return payload.slice(0, Math.floor(payload.length / 2));
    if (faults.take('corruptField', req.url)) {
      let done = false;
      const body = JSON.parse(payload) as unknown;
      const visit = (node: unknown): void => {
        if (done || !node || typeof node !== 'object') return;
        const rec = node as Record<string, unknown>;
        for (const k of ['issueId', 'id', 'name']) {
          if (typeof rec[k] === 'string') {
            rec[k] = 42;
            done = true;
            return;
          }
        }
        for (const v of Object.values(rec)) visit(v);
      };
      visit(body);
      return typeof body === 'string' ? '42' : JSON.stringify(body);
    }
    return payload;
  });

  app.post('/api/v2/authenticate', async (req, reply) => {
    const region = (req as unknown as { xrayRegion: XrayRegion }).xrayRegion;
    const body = (req.body ?? {}) as { client_id?: unknown; client_secret?: unknown };
    if (typeof body.client_id !== 'string' || typeof body.client_secret !== 'string' || !body.client_id || !body.client_secret) {
      return reply.code(400).type('text/plain').send('Wrong request syntax.');
    }
    const wait = spend(body.client_id);
    if (wait > 0) return tooMany(reply, wait);
    const client = state.client(body.client_id);
    if (!client || client.revoked || client.clientSecret !== body.client_secret || !servesTenant(state, region, client)) {
      return authFailed(reply, 'Authentication failed. Invalid client credentials!');
    }
    if (faults.licenceInvalid(client.tenantId)) return licenceInvalid(reply);
    return reply.type('application/json').send(JSON.stringify(state.issueToken(client, opts.tokenTtlSeconds).value));
  });

  app.post('/api/v2/graphql', async (req, reply) => {
    const region = (req as unknown as { xrayRegion: XrayRegion }).xrayRegion;
    const bearer = /^bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? '').trim());
    if (!bearer) return authFailed(reply, 'Authentication failed. Missing authorization token!');
    const token = state.findToken(bearer[1]);
    const client = token ? state.client(token.clientId) : undefined;
    if (client && !client.revoked && faults.revokeNow()) state.revokeClient(client.clientId);
    if (!token || !client || token.revoked || client.revoked || !servesTenant(state, region, client)) {
      return authFailed(reply, 'Authentication failed. Invalid token!');
    }
    if (token.expiresAt <= state.now()) return authFailed(reply, 'Authentication failed. Token expired!');
    if (faults.licenceInvalid(client.tenantId)) return licenceInvalid(reply);
    const wait = spend(client.clientId);
    if (wait > 0) return tooMany(reply, wait);
    const injected = faults.take('graphqlError', req.url);
    if (injected) return { data: null, errors: [{ message: injected.message }] };

    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body.query !== 'string') return reply.code(400).send({ errors: [{ message: 'Must provide query string.' }] });
    const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    let doc: DocumentNode;
    try {
      doc = parse(body.query);
    } catch (e) {
      return reply.code(400).send({ errors: [(e as GraphQLError).toJSON()] });
    }
    const schema = xraySchema();
    const invalid = [...validate(schema, doc), ...checkNodeLimits(doc, variables, operationName)];
    if (invalid.length) return reply.code(400).send({ errors: invalid.map((e) => e.toJSON()) });

    const resolvers: Record<string, unknown> = {
      ...createRootResolvers(state.tenant(client.tenantId)),
      ...createMutationResolvers(state, client.tenantId, (tenant, issueId) => createRootResolvers(tenant).getTest({ issueId }), { readOnly: client.readOnly }),
    };
    const rootValue = new Proxy(resolvers, {
      get: (target, prop: string) =>
        prop in target ? target[prop] : () => { throw new Error(`${prop} is not served by the Xray simulator`); },
    });
    const result = await execute({ schema, document: doc, rootValue, variableValues: variables, operationName });
    return { ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null };
  });
}
