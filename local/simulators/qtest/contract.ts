/**
 * qTest Manager's v3 Swagger (contracts/qtest/qtest-manager-v3.swagger.json, Swagger 2.0) as a validator: every request
 * the simulator receives is matched to an operation of the spec (method and path template) and its path, query, form
 * and body parameters are checked against the operation's parameters; every answer is checked against the operation's
 * response schema for its status. Validators are compiled lazily, once per operation or definition.
 *
 * Swagger 2.0 schemas are JSON Schema draft 4 with extras (readOnly, example, discriminator as a string): Ajv in
 * non-strict mode reads them; the integer formats Swagger adds are checked as integers in range.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SWAGGER_PATH = resolve(__dirname, '../../../contracts/qtest/qtest-manager-v3.swagger.json');
const SPEC_ID = 'qtest-v3';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Parameter {
  in: 'path' | 'query' | 'body' | 'header' | 'formData';
  name: string;
  required?: boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Record<string, unknown>;
  collectionFormat?: string;
  schema?: unknown;
}
interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, { schema?: unknown; description?: string }>;
}
interface Swagger {
  paths: Record<string, Record<string, OperationObject>>;
  definitions: Record<string, unknown>;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  /** JSON pointer of the operation in the spec. */
  pointer: string;
  responses: Record<string, { schema?: unknown }>;
}

export type Match =
  | { kind: 'operation'; operation: SpecOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'not-found' };

/** What is wrong with a request, by where it is wrong. */
export interface RequestProblems {
  path: string[];
  query: string[];
  /** Query parameters the operation does not declare (qTest ignores them; the simulator records them). */
  unknownQuery: string[];
  body: string[];
}

interface Route {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  methods: Record<string, SpecOperation>;
}

const pointer = (...parts: Array<string | number>) =>
  parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function format(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => `${root}${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`);
}

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, ...(coerce ? { coerceTypes: 'array' as const } : {}) });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv;
}

export class QtestContract {
  readonly spec: Swagger;
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly routes: Route[] = [];
  private readonly byId = new Map<string, SpecOperation>();
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(path = SWAGGER_PATH) {
    this.spec = JSON.parse(readFileSync(path, 'utf8')) as Swagger;
    this.strict = newAjv(false);
    this.coercing = newAjv(true);
    this.strict.addSchema(this.spec as unknown as object, SPEC_ID);
    this.coercing.addSchema(this.spec as unknown as object, SPEC_ID);
    for (const [template, item] of Object.entries(this.spec.paths)) {
      const names: string[] = [];
      const pattern = template
        .split('/')
        .map((seg) => seg.replace(/\{([^}]+)\}|[^{]+/g, (m, name?: string) => (name ? (names.push(name), '([^/]+)') : m.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))))
        .join('/');
      const methods: Record<string, SpecOperation> = {};
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const operation: SpecOperation = {
          operationId: op.operationId ?? `${method} ${template}`,
          method,
          template,
          parameters: op.parameters ?? [],
          pointer: `#/${pointer('paths', template, method)}`,
          responses: op.responses ?? {},
        };
        methods[method] = operation;
        this.byId.set(operation.operationId, operation);
      }
      const literals = template.split('/').filter((s) => s && !s.includes('{')).length;
      this.routes.push({ template, regex: new RegExp(`^${pattern}/?$`), names, literals, methods });
    }
    // Literal segments win over parameters: /test-runs/execution-statuses before /test-runs/{testRunId}.
    this.routes.sort((a, b) => b.literals - a.literals || b.template.length - a.template.length);
  }

  operation(operationId: string): SpecOperation | undefined {
    return this.byId.get(operationId);
  }

  match(method: string, path: string): Match {
    let known: string | undefined;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const op = route.methods[method.toLowerCase()];
      if (!op) {
        known ??= route.template;
        continue;
      }
      const pathParams: Record<string, string> = {};
      route.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
      return { kind: 'operation', operation: op, pathParams };
    }
    return known ? { kind: 'method-not-allowed', template: known } : { kind: 'not-found' };
  }

  private compile(key: string, ajv: Ajv, schema: () => object | null): ValidateFunction | null {
    if (!this.cache.has(key)) {
      const s = schema();
      this.cache.set(key, s ? ajv.compile(s) : null);
    }
    return this.cache.get(key) ?? null;
  }

  /** One object schema over the operation's parameters of a location (Swagger 2.0 puts the type on the parameter). */
  private paramsValidator(op: SpecOperation, where: 'path' | 'query' | 'formData'): ValidateFunction | null {
    return this.compile(`${op.operationId}:${where}`, this.coercing, () => {
      const params = op.parameters.filter((p) => p.in === where);
      if (params.length === 0) return null;
      const properties: Record<string, unknown> = {};
      for (const p of params) {
        properties[p.name] =
          p.type === 'array'
            ? { type: 'array', items: p.items ?? {} }
            : { ...(p.type ? { type: p.type } : {}), ...(p.format ? { format: p.format } : {}), ...(p.enum ? { enum: p.enum } : {}) };
      }
      return { type: 'object', properties, required: params.filter((p) => p.required).map((p) => p.name) };
    });
  }

  /**
   * Checks a request's path parameters, query (repeated keys arrive as arrays, as `collectionFormat: multi` sends
   * them), form fields and JSON body against the operation. Values are coerced from strings to the declared types.
   */
  requestProblems(
    op: SpecOperation,
    input: { pathParams: Record<string, string>; query: Record<string, unknown>; body: unknown; hasBody: boolean },
  ): RequestProblems {
    const out: RequestProblems = { path: [], query: [], unknownQuery: [], body: [] };
    const check = (where: 'path' | 'query' | 'formData', value: Record<string, unknown>, root: string) => {
      const v = this.paramsValidator(op, where);
      if (v && !v({ ...value })) return format(v.errors, root);
      return [];
    };
    out.path = check('path', input.pathParams, 'path');
    out.query = check('query', input.query, 'query');
    const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    out.unknownQuery = Object.keys(input.query).filter((k) => !declared.has(k));
    if (op.parameters.some((p) => p.in === 'formData')) {
      out.body = check('formData', (input.body ?? {}) as Record<string, unknown>, 'form');
      return out;
    }
    const i = op.parameters.findIndex((p) => p.in === 'body');
    if (i < 0) return out;
    if (!input.hasBody) {
      if (op.parameters[i].required) out.body = ['body is required'];
      return out;
    }
    const v = this.compile(`${op.operationId}:body`, this.strict, () => ({ $ref: `${SPEC_ID}${op.pointer}/parameters/${i}/schema` }));
    if (v && !v(input.body)) out.body = format(v.errors, 'body');
    return out;
  }

  /**
   * What is wrong with an answer: a 2xx status the operation does not document, or a body that does not match the
   * documented schema. Error answers (4xx/5xx) are not described by the spec beyond a sentence, so they pass.
   */
  responseProblems(op: SpecOperation, status: number, body: unknown, hasBody: boolean): string[] {
    const documented = op.responses[String(status)] ?? op.responses.default;
    if (!documented) return status >= 200 && status < 300 ? [`status ${status} is not documented for ${op.operationId}`] : [];
    if (!documented.schema || !hasBody) return [];
    const key = op.responses[String(status)] ? String(status) : 'default';
    const v = this.compile(`${op.operationId}:${key}:response`, this.strict, () => ({ $ref: `${SPEC_ID}${op.pointer}/responses/${key}/schema` }));
    return v && !v(body) ? format(v.errors, 'response') : [];
  }

  /** What is wrong with `value` as an instance of the definition `name`; [] when it conforms. */
  definitionProblems(name: string, value: unknown): string[] {
    if (!(name in this.spec.definitions)) throw new Error(`qTest Swagger: no definition ${name}`);
    const v = this.compile(`def:${name}`, this.strict, () => ({ $ref: `${SPEC_ID}#/${pointer('definitions', name)}` }));
    return v && !v(value) ? format(v.errors, name) : [];
  }

  /** What is wrong with `body` as the body of the operation `operationId`; [] when it conforms. */
  bodyProblems(operationId: string, body: unknown): string[] {
    const op = this.byId.get(operationId);
    if (!op || !op.parameters.some((p) => p.in === 'body')) throw new Error(`qTest Swagger: no operation ${operationId} with a body`);
    return this.requestProblems(op, { pathParams: {}, query: {}, body, hasBody: true }).body;
  }
}

let loaded: QtestContract | undefined;

/** The contract, loaded once per process. */
export function qtestContract(): QtestContract {
  return (loaded ??= new QtestContract());
}

/** What is wrong with `body` as the body of the operation `operationId` (e.g. createTestCase); [] when it conforms. */
export const bodyProblems = (operationId: string, body: unknown) => qtestContract().bodyProblems(operationId, body);

/** What is wrong with `value` as an instance of the Swagger definition `name`; [] when it conforms. */
export const definitionProblems = (name: string, value: unknown) => qtestContract().definitionProblems(name, value);
