/**
 * Fastify plugin serving Jira's REST paths (`/rest/...`) plus the `/__sim` control endpoints.
 * Every REST request is matched to a spec operation, validated against the contract, handled, and its
 * response validated; problems are recorded as contract violations.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { principalFrom, PRINCIPAL_HEADER } from './auth';
import type { JiraContract, SpecOperation } from './contract';
import { ContractError, JiraError, errorBody } from './errors';
import type { FaultController } from './faults';
import { HANDLERS } from './routes';
import type { HandlerResult } from './routes/handler';
import { SimulatorGapError } from './routes/search';
import { registerSimRoutes } from './sim-routes';
import type { JiraStore } from './store';
import type { ContractViolation, ViolationKind } from './types';

export interface PluginDeps {
  store: JiraStore;
  contract: JiraContract;
  faults: FaultController;
  violations: ContractViolation[];
}

const INVALID_JSON = Symbol('invalid-json');

function record(
  deps: PluginDeps,
  req: FastifyRequest,
  kind: ViolationKind,
  message: string,
  extra: Partial<ContractViolation> = {},
): void {
  deps.violations.push({ kind, method: req.method, url: req.url, message, ...extra });
}

function send(reply: FastifyReply, result: HandlerResult) {
  reply.status(result.status);
  for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
  if (result.body === undefined) return reply.send();
  return reply.type('application/json').send(JSON.stringify(result.body));
}

function run(deps: PluginDeps, req: FastifyRequest, op: SpecOperation, pathParams: Record<string, string>): HandlerResult {
  const handler = HANDLERS[op.operationId as keyof typeof HANDLERS];
  if (!handler) {
    const message = `The Jira simulator does not implement ${op.method.toUpperCase()} ${op.pathTemplate} (${op.operationId}).`;
    record(deps, req, 'unsupported-operation', message, { operationId: op.operationId, status: 501 });
    return { status: 501, body: errorBody([message]) };
  }
  const principal = principalFrom(deps.store, req.headers[PRINCIPAL_HEADER]);
  const hasBody = req.body !== undefined && req.body !== null;
  if (req.body === INVALID_JSON) {
    throw new ContractError('request-body', errorBody(['Unexpected character: the request body is not valid JSON.']));
  }
  const validated = deps.contract.validateRequest(op, {
    pathParams,
    query: { ...(req.query as Record<string, unknown>) },
    body: req.body,
    hasBody,
  });
  return handler({
    store: deps.store,
    principal,
    pathParams,
    query: validated.query,
    body: req.body,
    hasBody,
    reportViolation: (e) => record(deps, req, e.kind, e.message, { operationId: op.operationId, status: e.status, details: e.body }),
  });
}

async function dispatch(deps: PluginDeps, req: FastifyRequest, reply: FastifyReply) {
  const path = `/${(req.params as { '*': string })['*'] ?? ''}`;
  const fault = deps.faults.take();
  if (fault) return send(reply, fault);

  const match = deps.contract.match(req.method, path);
  if (match.kind === 'not-found') {
    const message = `No Jira REST operation matches ${req.method} ${path}.`;
    record(deps, req, 'unknown-operation', message, { status: 404 });
    return send(reply, { status: 404, body: errorBody([message]) });
  }
  if (match.kind === 'method-not-allowed') {
    const message = `${req.method} is not allowed on ${match.template}.`;
    record(deps, req, 'unknown-operation', message, { status: 405 });
    return send(reply, { status: 405, body: errorBody([message]) });
  }
  const op = match.operation;
  let result: HandlerResult;
  let rejectedAsMalformed = false;
  try {
    result = run(deps, req, op, match.pathParams);
  } catch (e) {
    if (!(e instanceof JiraError)) throw e;
    if (e instanceof ContractError) {
      rejectedAsMalformed = true;
      record(deps, req, e.kind, e.message, { operationId: op.operationId, status: e.status, details: e.details ?? e.body });
    } else if (e instanceof SimulatorGapError) {
      record(deps, req, 'unsupported-operation', e.message, { operationId: op.operationId, status: e.status });
    }
    result = { status: e.status, body: e.body, headers: e.headers };
  }
  // Answers to malformed requests carry Jira's generic error body, which the spec does not document per operation.
  const problems = rejectedAsMalformed
    ? null
    : deps.contract.validateResponse(op, result.status, result.body, result.body !== undefined);
  if (problems) {
    record(deps, req, 'response', `Simulator response ${result.status} does not match the spec: ${problems.join('; ')}`, {
      operationId: op.operationId,
      status: result.status,
      details: problems,
    });
  }
  return send(reply, result);
}

function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, raw, done) => {
    const text = String(raw);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, INVALID_JSON);
    }
  });
}

export function createPlugin(deps: PluginDeps): FastifyPluginAsync {
  return async (app) => {
    registerJsonParser(app);
    app.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) => {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) req.log.error(error);
      else record(deps, req, 'request-body', error.message, { status });
      return send(reply, { status, body: errorBody([error.message]) });
    });
    registerSimRoutes(app, deps);
    app.all('/*', (req, reply) => dispatch(deps, req, reply));
  };
}
