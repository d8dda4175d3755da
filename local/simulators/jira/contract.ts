/**
 * The Jira OpenAPI contract: loads the spec, matches request paths to operations and validates
 * requests and responses with Ajv. Validators are compiled lazily, per operation, on first use.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ContractError, errorBody } from './errors';

export const DEFAULT_SPEC_PATH = resolve(__dirname, '../../../contracts/jira/jira-platform-v3.reduced.json');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SPEC_ID = 'jira-spec';

type JsonObject = Record<string, unknown>;

/**
 * Places where the published spec disagrees with what Jira Cloud returns. GET remotelink is declared
 * as one RemoteIssueLink but answers an array of them unless `globalId` is given.
 */
const RESPONSE_SCHEMA_CORRECTIONS: Record<string, (documented: JsonObject) => JsonObject> = {
  'getRemoteIssueLinks:200': (documented) => ({ anyOf: [documented, { type: 'array', items: documented }] }),
};

/**
 * Component schemas the published spec gets wrong. `JsonNode` (an entity property's value in
 * `POST /rest/api/3/issue/properties/multi`) is generated from Jackson's Java class, so it only admits that
 * class's getters as keys; Jira takes any JSON value there, as the operation's own example shows.
 */
function correctSchemas(spec: JsonObject): JsonObject {
  const schemas = (spec.components as { schemas?: JsonObject } | undefined)?.schemas;
  if (schemas && 'JsonNode' in schemas) schemas.JsonNode = {};
  return spec;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  deprecated: boolean;
  definition: JsonObject;
  /** Index of the operation's JSON pointer inside the spec, used to build `$ref`s. */
  pointer: string;
}

interface CompiledRoute {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  methods: Record<string, SpecOperation>;
}

export type MatchResult =
  | { kind: 'operation'; operation: SpecOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'not-found' };

export interface ValidatedRequest {
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** OpenAPI 3.0 ignores keys beside `$ref`; Ajv would not, so drop them. */
function dropRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropRefSiblings);
  if (node && typeof node === 'object') {
    const obj = node as JsonObject;
    if (typeof obj.$ref === 'string') return { $ref: obj.$ref };
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(obj)) out[k] = dropRefSiblings(v);
    return out;
  }
  return node;
}

function formatAjvErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const where = `${root}${e.instancePath}`.replace(/^\//, '') || root || 'body';
    if (e.keyword === 'additionalProperties') {
      return `${where}: unrecognized field "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
    }
    return `${where}: ${e.message ?? 'is invalid'}`;
  });
}

export class JiraContract {
  readonly spec: JsonObject;
  private readonly routes: CompiledRoute[] = [];
  private readonly byId = new Map<string, SpecOperation>();
  private readonly strictAjv: Ajv;
  private readonly coercingAjv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(readonly specPath: string) {
    this.spec = correctSchemas(dropRefSiblings(JSON.parse(readFileSync(specPath, 'utf8'))) as JsonObject);
    this.strictAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    this.coercingAjv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      coerceTypes: 'array',
      useDefaults: true,
    });
    for (const ajv of [this.strictAjv, this.coercingAjv]) {
      addFormats(ajv);
      ajv.addSchema(this.spec, SPEC_ID);
    }
    this.indexPaths();
  }

  private indexPaths(): void {
    const paths = (this.spec.paths ?? {}) as Record<string, JsonObject>;
    for (const [template, item] of Object.entries(paths)) {
      const paramNames: string[] = [];
      const segments = template.split('/');
      const pattern = segments
        .map((seg) =>
          seg.replace(/\{([^}]+)\}|[^{]+/g, (m, name: string | undefined) => {
            if (name) {
              paramNames.push(name);
              return '([^/]+)';
            }
            return m.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          }),
        )
        .join('/');
      const methods: Record<string, SpecOperation> = {};
      for (const method of HTTP_METHODS) {
        const def = item[method] as JsonObject | undefined;
        if (!def) continue;
        const op: SpecOperation = {
          operationId: String(def.operationId),
          method,
          pathTemplate: template,
          deprecated: def.deprecated === true,
          definition: def,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
        };
        methods[method] = op;
        this.byId.set(op.operationId, op);
      }
      this.routes.push({
        template,
        regex: new RegExp(`^${pattern}/?$`),
        paramNames,
        literalSegments: segments.filter((s) => !s.includes('{')).length,
        methods,
      });
    }
    // Literal segments win over parameters: /issue/bulk before /issue/{issueIdOrKey}.
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments || b.template.length - a.template.length);
  }

  operation(operationId: string): SpecOperation | undefined {
    return this.byId.get(operationId);
  }

  match(method: string, path: string): MatchResult {
    let pathMatched: CompiledRoute | undefined;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const op = route.methods[method.toLowerCase()];
      if (!op) {
        pathMatched ??= route;
        continue;
      }
      const pathParams: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1]);
      });
      return { kind: 'operation', operation: op, pathParams };
    }
    return pathMatched ? { kind: 'method-not-allowed', template: pathMatched.template } : { kind: 'not-found' };
  }

  private compile(key: string, ajv: Ajv, schema: () => JsonObject | null): ValidateFunction | null {
    if (!this.cache.has(key)) {
      const s = schema();
      this.cache.set(key, s ? ajv.compile(s) : null);
    }
    return this.cache.get(key) ?? null;
  }

  private parameters(op: SpecOperation, location: 'path' | 'query'): ParameterObject[] {
    const params = (op.definition.parameters ?? []) as ParameterObject[];
    return params.filter((p) => p.in === location);
  }

  private parameterValidator(op: SpecOperation, location: 'path' | 'query'): ValidateFunction | null {
    return this.compile(`${op.operationId}:${location}`, this.coercingAjv, () => {
      const params = this.parameters(op, location);
      const properties: JsonObject = {};
      const all = (op.definition.parameters ?? []) as ParameterObject[];
      for (const p of params) {
        const index = all.indexOf(p);
        properties[p.name] = p.schema ? { $ref: `${SPEC_ID}${op.pointer}/parameters/${index}/schema` } : {};
      }
      return {
        type: 'object',
        properties,
        required: params.filter((p) => p.required).map((p) => p.name),
      };
    });
  }

  /**
   * Validates path and query parameters (coercing strings to the declared types, splitting nothing:
   * Jira itself splits comma-separated list values) and the JSON body. Throws ContractError.
   */
  validateRequest(
    op: SpecOperation,
    input: { pathParams: Record<string, string>; query: Record<string, unknown>; body: unknown; hasBody: boolean },
  ): ValidatedRequest {
    const pathParams: Record<string, unknown> = { ...input.pathParams };
    const pathCheck = this.parameterValidator(op, 'path');
    if (pathCheck && !pathCheck(pathParams)) {
      const messages = formatAjvErrors(pathCheck.errors, 'path');
      throw new ContractError('request-path-params', errorBody(messages), pathCheck.errors);
    }
    const query: Record<string, unknown> = { ...input.query };
    const queryCheck = this.parameterValidator(op, 'query');
    if (queryCheck && !queryCheck(query)) {
      const messages = (queryCheck.errors ?? []).map((e) => {
        const name = e.instancePath.split('/')[1] ?? (e.params as { missingProperty?: string }).missingProperty;
        return `Invalid value for query parameter '${name}': ${e.message ?? 'is invalid'}.`;
      });
      throw new ContractError('request-query', errorBody(messages), queryCheck.errors);
    }
    const requestBody = op.definition.requestBody as JsonObject | undefined;
    if (requestBody) {
      if (!input.hasBody) {
        if (requestBody.required === true) {
          throw new ContractError('request-body', errorBody(['No content to map due to end-of-input']));
        }
      } else {
        const bodyCheck = this.compile(`${op.operationId}:body`, this.strictAjv, () => {
          const content = (requestBody.content ?? {}) as Record<string, JsonObject>;
          if (!content['application/json']?.schema) return null;
          return { $ref: `${SPEC_ID}${op.pointer}/requestBody/content/application~1json/schema` };
        });
        if (bodyCheck && !bodyCheck(input.body)) {
          const messages = formatAjvErrors(bodyCheck.errors, '');
          throw new ContractError(
            'request-body',
            errorBody([`Invalid request payload. ${messages.join('; ')}`]),
            bodyCheck.errors,
          );
        }
      }
    } else if (input.hasBody && op.method === 'get') {
      throw new ContractError('request-body', errorBody(['A GET request cannot have a body.']));
    }
    return { pathParams, query };
  }

  /** Returns problems with a response the simulator produced, or null when it matches the spec. */
  validateResponse(op: SpecOperation, status: number, body: unknown, hasBody: boolean): string[] | null {
    const responses = (op.definition.responses ?? {}) as Record<string, JsonObject>;
    const documented = responses[String(status)] ?? responses.default;
    if (!documented) {
      return status >= 200 && status < 300 ? [`status ${status} is not documented for ${op.operationId}`] : null;
    }
    const content = (documented.content ?? {}) as Record<string, JsonObject>;
    const hasSchema = content['application/json']?.schema !== undefined;
    if (!hasSchema || !hasBody) return null;
    const key = `${op.operationId}:${status}`;
    const check = this.compile(`${key}:response`, this.strictAjv, () => {
      const documentedRef = {
        $ref: `${SPEC_ID}${op.pointer}/responses/${responses[String(status)] ? status : 'default'}/content/application~1json/schema`,
      };
      const correct = RESPONSE_SCHEMA_CORRECTIONS[key];
      return correct ? correct(documentedRef) : documentedRef;
    });
    if (check && !check(body)) return formatAjvErrors(check.errors, 'response');
    return null;
  }
}

const loaded = new Map<string, JiraContract>();

/** One contract per spec file, shared by simulator instances so compiled validators are reused. */
export function loadContract(specPath: string = DEFAULT_SPEC_PATH): JiraContract {
  const key = resolve(specPath);
  let contract = loaded.get(key);
  if (!contract) {
    contract = new JiraContract(key);
    loaded.set(key, contract);
  }
  return contract;
}
