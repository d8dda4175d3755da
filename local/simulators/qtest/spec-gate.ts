/**
 * Holds every simulated qTest request and answer to the vendor's Swagger (contract.ts), as the Jira simulator does
 * with Jira's spec. A request the spec does not allow is recorded as a violation and answered as qTest would:
 * - no operation at that path: 404; an operation at that path but not for that method: 405 (what Spring MVC answers;
 *   the body shape is a guess, Spring Boot's default error JSON);
 * - path or query parameters of the wrong type, a required one missing, a body (JSON or form) that does not match the
 *   operation's schema, or a body that is not JSON: 400 `{ message }`;
 * - a query parameter the operation does not declare is recorded but served (Spring ignores unknown parameters);
 * - an operation of the spec the simulator does not implement: 501, recorded as `unsupported-operation`.
 * An answer of the simulator that does not match the operation's response schema is recorded as a `response`
 * violation (it is still sent); search answers with whole records (`fields` absent or `*`) are also checked item by
 * item against the definition of their object type.
 * `GET /__sim/violations` lists them, `DELETE /__sim/violations` clears them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { qtestContract, type SpecOperation } from './contract';

export type ViolationKind =
  | 'unknown-operation'
  | 'unsupported-operation'
  | 'request-path-params'
  | 'request-query'
  | 'request-body'
  | 'response';

/** A request the real qTest would have refused (or ignored in part), or an answer the simulator got wrong. */
export interface QtestViolation {
  kind: ViolationKind;
  method: string;
  url: string;
  operationId?: string;
  status?: number;
  message: string;
}

/** The definition search items of each object type are checked against (the Swagger types items only as links). */
const SEARCH_ITEM_DEFINITIONS: Record<string, string> = {
  'test-cases': 'TestCaseWithCustomFieldResource',
  'test-runs': 'TestRunWithCustomFieldResource',
  requirements: 'RequirementResource',
  // A guess: the Swagger does not say what a test-log search item is; TestLogResource is its only full test log.
  'test-logs': 'TestLogResource',
};

interface Seen {
  operation: SpecOperation;
  /** Set for searches of whole records: the definition each item must match. */
  itemDefinition?: string;
}

const seen = new WeakMap<FastifyRequest, Seen>();

const pathOf = (app: FastifyInstance, req: FastifyRequest) => req.url.slice(app.prefix.length).replace(/\?.*$/, '') || '/';

function errorJson(status: number, error: string, message: string, path: string) {
  return { timestamp: new Date().toISOString(), status, error, message, path };
}

export function installSpecGate(app: FastifyInstance, violations: QtestViolation[]): void {
  const contract = qtestContract();
  const record = (req: FastifyRequest, kind: ViolationKind, message: string, extra: Partial<QtestViolation> = {}) =>
    violations.push({ kind, method: req.method, url: req.url.slice(app.prefix.length), message, ...extra });

  app.get('/__sim/violations', async () => ({ violations }));
  app.delete('/__sim/violations', async (_req, reply) => {
    violations.length = 0;
    return reply.code(204).send();
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      req.log.error(error);
      return reply.code(500).send({ message: 'Internal Server Error' });
    }
    record(req, 'request-body', error.message, { status });
    return reply.code(status).send({ message: error.message });
  });

  // Requests no route serves pass the hooks below (which answer them) before reaching this handler.
  app.setNotFoundHandler((req, reply) => {
    const path = pathOf(app, req);
    return reply.code(404).send(errorJson(404, 'Not Found', `No handler for ${req.method} ${path}`, path));
  });

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.url.includes('/__sim/') || reply.sent) return;
    const path = pathOf(app, req);
    const match = contract.match(req.method, path);
    if (match.kind === 'not-found') {
      const message = `No operation of the qTest API matches ${req.method} ${path}`;
      record(req, 'unknown-operation', message, { status: 404 });
      return reply.code(404).send(errorJson(404, 'Not Found', message, path));
    }
    if (match.kind === 'method-not-allowed') {
      const message = `Request method '${req.method}' is not supported on ${match.template}`;
      record(req, 'unknown-operation', message, { status: 405 });
      return reply.code(405).send(errorJson(405, 'Method Not Allowed', message, path));
    }
    const op = match.operation;
    if (!req.routeOptions.url) {
      const message = `The qTest simulator does not implement ${req.method} ${op.template} (${op.operationId})`;
      record(req, 'unsupported-operation', message, { operationId: op.operationId, status: 501 });
      return reply.code(501).send({ message });
    }
    const hasBody = req.body !== undefined && req.body !== null && req.body !== '';
    const problems = contract.requestProblems(op, {
      pathParams: match.pathParams,
      query: { ...(req.query as Record<string, unknown>) },
      body: req.body,
      hasBody,
    });
    const at = { operationId: op.operationId, status: 400 };
    if (problems.unknownQuery.length) {
      record(req, 'request-query', `Query parameters ${problems.unknownQuery.join(', ')} are not parameters of ${op.operationId}`, {
        operationId: op.operationId,
      });
    }
    if (problems.path.length) {
      record(req, 'request-path-params', problems.path.join('; '), at);
      return reply.code(400).send({ message: `Invalid path parameter: ${problems.path.join('; ')}` });
    }
    if (problems.query.length) {
      record(req, 'request-query', problems.query.join('; '), at);
      return reply.code(400).send({ message: `Invalid query parameter: ${problems.query.join('; ')}` });
    }
    if (problems.body.length) {
      record(req, 'request-body', problems.body.join('; '), at);
      return reply.code(400).send({ message: `Invalid request body: ${problems.body.slice(0, 5).join('; ')}` });
    }
    const search = op.operationId === 'searchArtifact' ? (req.body as { object_type?: string; fields?: string[] }) : undefined;
    const whole = !search?.fields || search.fields.length === 0 || search.fields.includes('*');
    seen.set(req, { operation: op, itemDefinition: search && whole ? SEARCH_ITEM_DEFINITIONS[search.object_type ?? ''] : undefined });
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const s = seen.get(req);
    if (!s || typeof payload !== 'string') return payload;
    let body: unknown;
    const hasBody = payload.length > 0;
    if (hasBody) {
      try {
        body = JSON.parse(payload);
      } catch {
        if (reply.statusCode < 300) record(req, 'response', 'Simulator answer is not JSON', { operationId: s.operation.operationId, status: reply.statusCode });
        return payload;
      }
    }
    const problems = contract.responseProblems(s.operation, reply.statusCode, body, hasBody);
    if (s.itemDefinition && reply.statusCode === 200) {
      const items = (body as { items?: unknown[] } | undefined)?.items ?? [];
      items.forEach((item, i) => problems.push(...contract.definitionProblems(s.itemDefinition!, item).map((p) => `items[${i}]: ${p}`)));
    }
    if (problems.length) {
      record(req, 'response', `Simulator answer ${reply.statusCode} does not match the spec: ${problems.slice(0, 5).join('; ')}`, {
        operationId: s.operation.operationId,
        status: reply.statusCode,
      });
    }
    return payload;
  });
}
