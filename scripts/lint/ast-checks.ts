/**
 * Checks over the ASTs that forge lint's parser produced, for what forge lint itself does not cover:
 * product calls made through a wrapper (`jira(route`...`, { method })`), product calls the permission
 * linter cannot read, and the legacy storage APIs.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ASTParseResult } from '@forge/lint';

export type Level = 'error' | 'warning' | 'note';

export interface Finding {
  level: Level;
  line: number;
  column: number;
  message: string;
  rule: string;
}

/** A product call found in the code, shaped like the permission linter's `ProductApiCall`. */
export interface RouteCall {
  product: 'jira' | 'confluence' | 'bitbucket';
  path: string;
  /** Upper-case HTTP method, or undefined when the code does not state it as a literal. */
  method: string | undefined;
  line: number;
  column: number;
  /** True when the call is `requestJira`/`requestConfluence`/`requestBitbucket` itself. */
  direct: boolean;
}

const ROUTE_TAGS = new Set(['route', 'assumeTrustedRoute']);
const REQUEST_PRODUCT = /^request(Jira|Confluence|Bitbucket)$/;
const ANY_TEXT = '\\S*';

type Node = TSESTree.Node;

function calleeName(callee: TSESTree.Expression | TSESTree.LeftHandSideExpression): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    return callee.property.name;
  }
  return undefined;
}

function isRouteTag(tag: TSESTree.Expression | TSESTree.LeftHandSideExpression): boolean {
  const name = calleeName(tag);
  return name !== undefined && ROUTE_TAGS.has(name);
}

/** The template's path with every `${...}` replaced by the permission linter's wildcard. */
function templatePath(quasi: TSESTree.TemplateLiteral): string {
  let out = '';
  quasi.quasis.forEach((q, i) => {
    out += q.value.cooked ?? q.value.raw;
    if (i < quasi.expressions.length) out += ANY_TEXT;
  });
  return out;
}

function productOf(path: string): RouteCall['product'] {
  if (path.startsWith('/wiki/')) return 'confluence';
  if (path.startsWith('/2.0/')) return 'bitbucket';
  return 'jira';
}

function productOfName(name: string): RouteCall['product'] {
  const m = REQUEST_PRODUCT.exec(name);
  return (m?.[1]?.toLowerCase() ?? 'jira') as RouteCall['product'];
}

/** The `method` of an options argument: GET when absent, undefined when not a string literal. */
function methodOf(options: TSESTree.CallExpressionArgument | undefined): string | undefined {
  if (!options) return 'GET';
  if (options.type !== 'ObjectExpression') return undefined;
  let spread = false;
  for (const p of options.properties) {
    if (p.type === 'SpreadElement') {
      spread = true;
      continue;
    }
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
    if (key !== 'method') continue;
    if (p.value.type === 'Literal' && typeof p.value.value === 'string') return p.value.value.toUpperCase();
    return undefined;
  }
  return spread ? undefined : 'GET';
}

export interface ScanResult {
  routeCalls: RouteCall[];
  findings: Finding[];
}

/** Walks one file's AST once and gathers product calls and legacy-storage uses. */
export function scanFile(ast: ASTParseResult): ScanResult {
  const routeCalls: RouteCall[] = [];
  const findings: Finding[] = [];
  const forgeApiNames = new Set<string>();

  const legacy = (node: Node, what: string) =>
    findings.push({
      level: 'error',
      line: node.loc.start.line,
      column: node.loc.start.column,
      rule: 'testsync/legacy-storage',
      message: `${what} is the legacy storage API; this app uses @forge/kvs`,
    });

  const isForgeStorage = (source: unknown) =>
    typeof source === 'string' && (source === '@forge/storage' || source.startsWith('@forge/storage/'));

  const isRequireOf = (node: Node | null | undefined, source: string): boolean =>
    !!node &&
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === 'Literal' &&
    node.arguments[0].value === source;

  ast.traverse({
    enter(node: Node) {
      switch (node.type) {
        case 'ImportDeclaration': {
          const source = node.source.value;
          if (isForgeStorage(source)) legacy(node, `import from '${String(source)}'`);
          if (source === '@forge/api') {
            for (const s of node.specifiers) {
              if (s.type === 'ImportSpecifier' && s.imported.name === 'storage') legacy(s, "'storage' from '@forge/api'");
              if (s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier') {
                forgeApiNames.add(s.local.name);
              }
            }
          }
          break;
        }
        case 'ExportAllDeclaration':
        case 'ExportNamedDeclaration': {
          const source = node.source?.value;
          if (isForgeStorage(source)) legacy(node, `export from '${String(source)}'`);
          if (source === '@forge/api' && node.type === 'ExportNamedDeclaration') {
            for (const s of node.specifiers) {
              if (s.local.name === 'storage') legacy(s, "'storage' from '@forge/api'");
            }
          }
          break;
        }
        case 'ImportExpression': {
          if (node.source.type === 'Literal' && isForgeStorage(node.source.value)) {
            legacy(node, `import('${String(node.source.value)}')`);
          }
          break;
        }
        case 'VariableDeclarator': {
          if (isRequireOf(node.init, '@forge/api')) {
            if (node.id.type === 'Identifier') forgeApiNames.add(node.id.name);
            if (node.id.type === 'ObjectPattern') {
              for (const p of node.id.properties) {
                if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'storage') {
                  legacy(p, "'storage' from '@forge/api'");
                }
              }
            }
          }
          break;
        }
        case 'MemberExpression': {
          const obj = node.object;
          const named =
            (!node.computed && node.property.type === 'Identifier' && node.property.name === 'storage') ||
            (node.computed && node.property.type === 'Literal' && node.property.value === 'storage');
          if (named && ((obj.type === 'Identifier' && forgeApiNames.has(obj.name)) || isRequireOf(obj, '@forge/api'))) {
            legacy(node, "'storage' from '@forge/api'");
          }
          break;
        }
        case 'CallExpression': {
          if (
            node.callee.type === 'Identifier' &&
            node.callee.name === 'require' &&
            node.arguments[0]?.type === 'Literal' &&
            isForgeStorage(node.arguments[0].value)
          ) {
            legacy(node, `require('${String(node.arguments[0].value)}')`);
          }
          const name = calleeName(node.callee);
          const direct = name !== undefined && REQUEST_PRODUCT.test(name);
          const [first, second] = node.arguments;
          if (first && first.type === 'TaggedTemplateExpression' && isRouteTag(first.tag)) {
            const path = templatePath(first.quasi);
            routeCalls.push({
              product: direct && name ? productOfName(name) : productOf(path),
              path,
              method: methodOf(second),
              line: first.loc.start.line,
              column: first.loc.start.column,
              direct,
            });
          } else if (direct && name && first) {
            if (first.type === 'TemplateLiteral' || (first.type === 'Literal' && typeof first.value === 'string')) {
              const path = first.type === 'TemplateLiteral' ? templatePath(first) : String(first.value);
              routeCalls.push({
                product: productOfName(name),
                path,
                method: methodOf(second),
                line: first.loc.start.line,
                column: first.loc.start.column,
                direct,
              });
            } else {
              findings.push({
                level: 'note',
                line: first.loc.start.line,
                column: first.loc.start.column,
                rule: 'testsync/unreadable-product-call',
                message:
                  `${name}() is called with a computed path, which forge lint's permission linter cannot read; ` +
                  'the callers that pass route`...` to this wrapper are checked instead',
              });
            }
          }
          break;
        }
        default:
          break;
      }
    },
  });
  return { routeCalls, findings };
}
