/**
 * Fastify plugin serving Jira's REST paths (`/rest/...`) plus the `/__sim` control endpoints.
 * Every REST request is matched to a spec operation, validated against the contract, handled, and its
 * response validated; problems are recorded as contract violations.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { principalFrom, PRINCIPAL_HEADER } from './auth';
import type { JiraContract, SpecOperation } from './contract';
import { ContractError, JiraError, errorBody } from './errors';
import { isWrite, type FaultController } from './faults';
import { HANDLERS } from './routes';
import type { HandlerResult } from './routes/handler';
import { SimulatorGapError } from './routes/search';
import { registerSimRoutes } from './sim-routes';
import { requestCost } from './rate-limit';
import type { JiraStore } from './store';
import type { ContractViolation, ViolationKind } from './types';

export interface PluginDeps {
  store: JiraStore;
  contract: JiraContract;
  faults: FaultController;
  violations: ContractViolation[];
}

const INVALID_JSON = Symbol('invalid-json');
const TOO_LARGE = Symbol('too-large');
/** What the JSON parser reads at most; the `maxBodyBytes` control (default 10 MB) answers 413 below it. */
const PARSER_BODY_LIMIT = 1024 * 1024 * 1024;

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

/**
 * Answers a REST request: injected latency, the body size limit, queued `paths` faults, the points quota and
 * `failWrite` come first (see faults.ts), then the operation itself; the quota's headers are added last.
 */
async function dispatch(deps: PluginDeps, req: FastifyRequest, reply: FastifyReply) {
  const path = `/${(req.params as { '*': string })['*'] ?? ''}`.replace(/\?.*$/, '');
  const { faults } = deps;
  await faults.delay();
  if (req.body === TOO_LARGE) {
    const message = `The request body exceeds the maximum size of ${faults.maxBodyBytes} bytes.`;
    return send(reply, { status: 413, body: errorBody([message]) });
  }
  const injected = faults.takePathFault(req.method, path);
  if (injected) return send(reply, injected);
  const limited = faults.checkQuota();
  if (limited) return send(reply, limited);
  const write = isWrite(req.method, path);
  const writeFault = write ? faults.takeWriteFault() : null;
  if (writeFault && !writeFault.afterApplying) return send(reply, writeFault.response);
  const result = answer(deps, req, path);
  if (writeFault) return send(reply, writeFault.response);
  const quotaHeaders = faults.charge(requestCost(write, result.status, result.body));
  return send(reply, { ...result, headers: { ...result.headers, ...quotaHeaders } });
}

/** Matches the request to a spec operation, runs its handler and checks the response against the spec. */
function answer(deps: PluginDeps, req: FastifyRequest, path: string): HandlerResult {
  const match = deps.contract.match(req.method, path);
  if (match.kind === 'not-found') {
    const message = `No Jira REST operation matches ${req.method} ${path}.`;
    record(deps, req, 'unknown-operation', message, { status: 404 });
    return { status: 404, body: errorBody([message]) };
  }
  if (match.kind === 'method-not-allowed') {
    const message = `${req.method} is not allowed on ${match.template}.`;
    record(deps, req, 'unknown-operation', message, { status: 405 });
    return { status: 405, body: errorBody([message]) };
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
  return result;
}

function registerJsonParser(app: FastifyInstance, faults: FaultController): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: PARSER_BODY_LIMIT }, (_req, raw, done) => {
    const text = String(raw);
    if (Buffer.byteLength(text) > faults.maxBodyBytes) return done(null, TOO_LARGE);
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
    registerJsonParser(app, deps.faults);
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
