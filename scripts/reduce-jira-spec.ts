/**
 * Reduces Atlassian's Jira Cloud platform REST v3 OpenAPI spec to the copy this project carries.
 *
 * Usage: npx tsx scripts/reduce-jira-spec.ts [source.json] [output.json]
 *   source defaults to ../shared/contracts/jira/swagger-v3.v3.json (relative to the repo root)
 *   output defaults to contracts/jira/jira-platform-v3.reduced.json
 *
 * Every path and method keeps its operation metadata (operationId, summary, deprecated, security and
 * every `x-` extension, which Forge's permission linter reads to map endpoints to scopes). Operations
 * served by the local Jira simulator also keep their parameters, requestBody and responses, with every
 * component schema they reference, transitively. Everything else is dropped.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SERVED_OPERATIONS } from '../local/simulators/jira/operations';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const KEPT_OPERATION_KEYS = new Set(['operationId', 'summary', 'deprecated', 'security']);
const FULL_OPERATION_KEYS = new Set(['parameters', 'requestBody', 'responses']);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects every `#/components/schemas/X` referenced anywhere inside `node`. */
function collectSchemaRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectSchemaRefs(item, into);
  } else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/schemas\/(.+)$/.exec(v);
        if (!m) throw new Error(`Unsupported $ref: ${v}`);
        into.add(decodeURIComponent(m[1].replace(/~1/g, '/').replace(/~0/g, '~')));
      } else {
        collectSchemaRefs(v, into);
      }
    }
  }
}

export function reduceSpec(spec: JsonObject, served: readonly string[]): JsonObject {
  const servedSet = new Set(served);
  const found = new Set<string>();
  const paths = spec.paths as JsonObject;
  const outPaths: JsonObject = {};
  const wanted = new Set<string>();

  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const outItem: JsonObject = {};
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(op)) continue;
      const outOp: JsonObject = {};
      const full = typeof op.operationId === 'string' && servedSet.has(op.operationId);
      if (full) found.add(op.operationId as string);
      for (const [k, v] of Object.entries(op)) {
        if (KEPT_OPERATION_KEYS.has(k) || k.startsWith('x-') || (full && FULL_OPERATION_KEYS.has(k))) {
          outOp[k] = v;
        }
      }
      if (full) collectSchemaRefs(outOp, wanted);
      outItem[method] = outOp;
    }
    outPaths[path] = outItem;
  }

  const missing = served.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`Operations not found in the source spec: ${missing.join(', ')}`);

  const allSchemas = (spec.components as JsonObject).schemas as JsonObject;
  const schemas: JsonObject = {};
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (name in schemas) continue;
    const schema = allSchemas[name];
    if (schema === undefined) throw new Error(`Schema not found: ${name}`);
    schemas[name] = schema;
    const refs = new Set<string>();
    collectSchemaRefs(schema, refs);
    for (const r of refs) if (!(r in schemas)) queue.push(r);
  }
  const sortedSchemas: JsonObject = {};
  for (const name of Object.keys(schemas).sort()) sortedSchemas[name] = schemas[name];

  const components = spec.components as JsonObject;
  return {
    openapi: spec.openapi,
    info: spec.info,
    servers: spec.servers,
    paths: outPaths,
    components: { schemas: sortedSchemas, securitySchemes: components.securitySchemes },
  };
}

function main(argv: string[]): void {
  const repoRoot = resolve(__dirname, '..');
  const source = resolve(repoRoot, argv[0] ?? '../shared/contracts/jira/swagger-v3.v3.json');
  const output = resolve(repoRoot, argv[1] ?? 'contracts/jira/jira-platform-v3.reduced.json');
  const spec = JSON.parse(readFileSync(source, 'utf8')) as JsonObject;
  const reduced = reduceSpec(spec, SERVED_OPERATIONS);
  mkdirSync(dirname(output), { recursive: true });
  const text = `${JSON.stringify(reduced)}\n`;
  writeFileSync(output, text);
  const schemaCount = Object.keys((reduced.components as JsonObject).schemas as JsonObject).length;
  console.log(
    `Wrote ${output}: ${Object.keys(reduced.paths as JsonObject).length} paths, ` +
      `${SERVED_OPERATIONS.length} full operations, ${schemaCount} schemas, ${text.length} bytes`,
  );
}

if (require.main === module) main(process.argv.slice(2));
