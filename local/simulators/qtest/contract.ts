/**
 * qTest Manager's v3 Swagger (contracts/qtest/qtest-manager-v3.swagger.json, Swagger 2.0) as a validator: the bodies
 * the simulator's write endpoints receive are checked against the `in: body` parameter of their operation, and tests
 * check the simulator's answers against the Swagger's definitions. Compiled lazily, once per operation or definition.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SWAGGER_PATH = resolve(__dirname, '../../../contracts/qtest/qtest-manager-v3.swagger.json');
const SPEC_ID = 'qtest-v3';

interface Parameter {
  in: string;
  name: string;
  schema?: unknown;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
}
interface Swagger {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, unknown>;
}

let loaded: { spec: Swagger; ajv: Ajv; cache: Map<string, ValidateFunction> } | undefined;

function load() {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;
  // Swagger 2.0 schemas are JSON Schema draft 4 with extras (readOnly, example, discriminator as a string): Ajv in
  // non-strict mode reads them; the integer formats Swagger adds only annotate the type.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema(spec as unknown as object, SPEC_ID);
  loaded = { spec, ajv, cache: new Map() };
  return loaded;
}

const pointer = (...parts: Array<string | number>) =>
  parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function problems(validate: ValidateFunction, value: unknown, root: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${root}${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`);
}

/** Where an operation's body schema sits in the Swagger, by operationId. */
function bodyPointer(spec: Swagger, operationId: string): string {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const i = op.parameters?.findIndex((p) => p.in === 'body') ?? -1;
      if (op.operationId === operationId && i >= 0) return `#/${pointer('paths', path, method, 'parameters', i, 'schema')}`;
    }
  }
  throw new Error(`qTest Swagger: no operation ${operationId} with a body`);
}

/** What is wrong with `body` as the body of the operation `operationId` (e.g. createTestCase); [] when it conforms. */
export function bodyProblems(operationId: string, body: unknown): string[] {
  const { spec, ajv, cache } = load();
  const key = `op:${operationId}`;
  let validate = cache.get(key);
  if (!validate) cache.set(key, (validate = ajv.compile({ $ref: `${SPEC_ID}${bodyPointer(spec, operationId)}` })));
  return problems(validate, body, 'body');
}

/** What is wrong with `value` as an instance of the Swagger definition `name`; [] when it conforms. */
export function definitionProblems(name: string, value: unknown): string[] {
  const { spec, ajv, cache } = load();
  if (!(name in spec.definitions)) throw new Error(`qTest Swagger: no definition ${name}`);
  const key = `def:${name}`;
  let validate = cache.get(key);
  if (!validate) cache.set(key, (validate = ajv.compile({ $ref: `${SPEC_ID}#/${pointer('definitions', name)}` })));
  return problems(validate, value, name);
}
