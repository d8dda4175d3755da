/**
 * Runs Forge's own checks offline: the full manifest validation of @forge/manifest and the client-side
 * linters of @forge/lint (the engine behind `forge lint`), with Jira's spec read from a local file.
 * On top of those it checks what this project requires: no @forge/ui, no legacy storage, and scopes for
 * Jira calls made through a wrapper (`jira(route`...`, { method })`), which forge lint cannot see.
 *
 * Usage: npx tsx scripts/lint-forge.ts [--dir <appRoot>] [--environment development|staging|production]
 *                                      [--jira-spec <file>]
 * Exit code: 0 without errors (warnings allowed), 1 with errors, 2 when the check itself cannot run.
 */
import fs from 'fs';
import path from 'path';
import type * as ForgeLint from '@forge/lint';
import type * as ForgeManifest from '@forge/manifest';
import type * as CliShared from '@forge/cli-shared';
import { blockNetwork, blockedAttempts, specStats, useLocalSwagger } from './lint/offline';
import { scanFile, type RouteCall, type Finding } from './lint/ast-checks';

type Level = 'error' | 'warning' | 'note';

interface Problem {
  file: string;
  line: number;
  column: number;
  level: Level;
  message: string;
  source: string;
}

interface Options {
  appRoot: string;
  environment: 'development' | 'staging' | 'production';
  jiraSpec?: string;
}

const REPO_ROOT = path.resolve(__dirname, '..');
const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
const SOURCE_EXT = /\.(m?js|cjs|jsx|tsx?)$/;

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const opts: Options = { appRoot: REPO_ROOT, environment: 'production' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--dir') opts.appRoot = path.resolve(value());
    else if (arg === '--environment' || arg === '-e') {
      const env = value();
      if (!(ENVIRONMENTS as readonly string[]).includes(env)) throw new UsageError(`unknown environment ${env}`);
      opts.environment = env as Options['environment'];
    } else if (arg === '--jira-spec') opts.jiraSpec = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'Usage: npx tsx scripts/lint-forge.ts [--dir <appRoot>] [--environment development|staging|production] [--jira-spec <file>]\n',
      );
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  return opts;
}

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** The 1-based line of the first line of `file` that contains `needle`, or 0. */
function lineOf(file: string, needle: string): number {
  try {
    const idx = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
    return idx + 1;
  } catch {
    return 0;
  }
}

/** Checks package.json for packages this app must not depend on. */
function checkPackageJson(appRoot: string): Problem[] {
  const file = path.join(appRoot, 'package.json');
  if (!fs.existsSync(file)) return [];
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (pkg[section] ?? {}) as Record<string, string>;
    if ('@forge/ui' in deps) {
      problems.push({
        file: 'package.json',
        line: lineOf(file, '"@forge/ui"'),
        column: 0,
        level: 'error',
        source: 'testsync/no-forge-ui',
        message: `${section} lists @forge/ui (UI Kit 1), which is removed and unsupported; this app's UI is Custom UI`,
      });
    }
    if ('@forge/storage' in deps) {
      problems.push({
        file: 'package.json',
        line: lineOf(file, '"@forge/storage"'),
        column: 0,
        level: 'error',
        source: 'testsync/legacy-storage',
        message: `${section} lists @forge/storage, the legacy storage API; this app uses @forge/kvs`,
      });
    }
  }
  return problems;
}

async function run(opts: Options): Promise<number> {
  const { appRoot } = opts;
  const manifestPath = path.join(appRoot, 'manifest.yml');
  if (!fs.existsSync(appRoot) || !fs.statSync(appRoot).isDirectory()) throw new UsageError(`not a directory: ${appRoot}`);

  blockNetwork();
  const swagger = useLocalSwagger(appRoot, REPO_ROOT, opts.jiraSpec);
  const cleanup = () => fs.rmSync(swagger.tmpDir, { recursive: true, force: true });
  process.on('exit', cleanup);

  // Loaded after the network is blocked, so nothing they do at load time can reach out.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const manifestLib = require('@forge/manifest') as typeof ForgeManifest;
  const lintLib = require('@forge/lint') as typeof ForgeLint;
  const cli = require('@forge/cli-shared') as typeof CliShared;
  const { ProductVerifier } = require('@forge/lint/out/lint/linters/permission-linter/verifiers') as {
    ProductVerifier: new (env: string, manifest: unknown, pathMap: PathMap, product: string) => {
      process(calls: unknown[]): Promise<ForgeLint.LintResultRule[]>;
    };
  };
  const { ApiCallTypes } = require('@forge/lint/out/lint/linters/permission-linter/api-call-interface') as {
    ApiCallTypes: { PRODUCT: number };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */

  const problems: Problem[] = [];
  const notes: string[] = [];
  const add = (p: Problem) => problems.push(p);
  if (swagger.notice) notes.push(swagger.notice);

  const stats = specStats(swagger.jiraSpec);
  if (stats.withScopes === 0) {
    add({
      file: path.relative(appRoot, swagger.jiraSpec) || swagger.jiraSpec,
      line: 0,
      column: 0,
      level: 'error',
      source: 'testsync/jira-spec',
      message: `the Jira spec declares no scopes on any of its ${stats.operations} operations, so no scope could be checked`,
    });
  }

  // forge lint runs in the app root: its manifest linters read ./manifest.yml, its parser ./tsconfig.json.
  process.chdir(appRoot);

  // 1. Full manifest validation (schema, modules, resources, permissions, entity properties, runtime, ...).
  // Same as `validate(false, manifestPath)` (FULL), built with the options forge lint's manifest linters use so
  // that they reuse this processor (and its compiled schema) from ProcessorBuilder's cache.
  const validation = await manifestLib.ProcessorBuilder.instance()
    .withValidation(manifestLib.ValidationTypes.FULL)
    .withOptions({ deprecatedRuntimes: await STATSIG.getDeprecatedRuntimes() })
    .build()
    .process(manifestPath);
  for (const e of validation.errors ?? []) {
    add({
      file: 'manifest.yml',
      line: e.line ?? 0,
      column: e.column ?? 0,
      level: e.level === 'error' ? 'error' : 'warning',
      source: 'manifest',
      message: e.message,
    });
  }
  const manifest = (validation.manifestObject as { yamlContent?: unknown } | undefined)?.yamlContent as
    | ForgeManifest.ManifestSchema
    | undefined;
  if (!manifest) {
    return report(opts, problems, notes, 0, swagger.jiraSpec);
  }

  // 2. The files `forge lint` lints: everything under ./src (and UI Kit resource folders), minus
  //    .gitignore'd files, .git and node_modules.
  const reader = new cli.FileSystemReader();
  const exclude = [...(await cli.listGitIgnoreFiles(reader)), '.git', 'node_modules'];
  let uiKitDirs: string[] = [];
  try {
    const configFile = new cli.ConfigFile(reader, new cli.FileSystemWriter());
    uiKitDirs = (await configFile.getResources(['nativeUI'])).map((r) => path.dirname(r.path));
  } catch (e) {
    notes.push(`UI Kit resources not read: ${(e as Error).message}`);
  }
  const fileLists = await Promise.all(['./src', ...uiKitDirs].map((d) => reader.recursiveReadDir(d, exclude)));
  const files = [...new Set(fileLists.flat())].filter((f) => SOURCE_EXT.test(f)).sort();

  // `lint()` drops .ts files that tsconfig's include/exclude globs do not list one by one; a bare folder
  // such as "src" matches no file, so the real `forge lint` would silently check none of them.
  const { include, exclude: tsExclude } = await cli.listTSConfigIncludeExclude(reader);
  const inc = new Set(include);
  const exc = new Set(tsExclude);
  const skippedByForge = files.filter((f) => {
    if (!/\.tsx?$/.test(f)) return false;
    const abs = path.resolve('./' + f);
    return !((inc.has(abs) && !exc.has(abs)) || (!inc.size && !exc.size));
  });
  if (skippedByForge.length) {
    add({
      file: 'tsconfig.json',
      line: lineOf(path.join(appRoot, 'tsconfig.json'), '"include"'),
      column: 0,
      level: 'warning',
      source: 'testsync/tsconfig-include',
      message:
        `the real \`forge lint\` would skip ${skippedByForge.length} of ${files.length} source file(s) (e.g. ${skippedByForge[0]}): ` +
        'it keeps only .ts files matched one by one by tsconfig "include" globs, and a bare folder like "src" matches none ' +
        '(a glob such as "src/**/*" does); this script lints them all',
    });
  }

  const inputs: ForgeLint.LintInput[] = [];
  for (const f of files) {
    try {
      inputs.push(await lintLib.parseSourceFile(f, lintLib.tsParser));
    } catch (e) {
      const err = e as Error & { lineNumber?: number; column?: number };
      add({
        file: f,
        line: err.lineNumber ?? 0,
        column: err.column ?? 0,
        level: 'error',
        source: 'parse',
        message: `forge lint cannot parse this file: ${stripAnsi(err.message).split('\n')[0]}`,
      });
    }
  }

  // 3. @forge/lint's client-side linters, as `forge lint` builds them.
  const logged: string[] = [];
  const logger: CliShared.Logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: () => undefined,
    info: (m: string) => void logged.push(stripAnsi(m)),
    warn: (m: string) => void logged.push(stripAnsi(m)),
    error: (e: Error) => void logged.push(stripAnsi(e.message)),
  };
  const environmentKey = cli.optionToEnvironment(opts.environment);
  const linters = await lintLib.getClientSideLintersOnly(manifest, environmentKey, logger, STATSIG as never);
  const results: ForgeLint.LintResult[] = [];
  for (const linter of linters) {
    const name = linter.constructor.name;
    try {
      await linter.bootstrap();
    } catch (e) {
      add({ file: '(forge lint)', line: 0, column: 0, level: 'error', source: name, message: `${name} could not start: ${(e as Error).message}` });
      continue;
    }
    const before = logged.length;
    for (const r of await linter.batchExecute(inputs)) results.push(Object.assign(r, { linter: name }));
    for (const m of logged.splice(before)) {
      const failed = /Could not perform some linting actions for (\S+) due to unhandled error "([\s\S]*)"/.exec(m);
      if (failed) {
        add({ file: '(forge lint)', line: 0, column: 0, level: 'error', source: name, message: `${name} failed: ${failed[2]}` });
      } else if (m.trim()) notes.push(`${name}: ${m.trim()}`);
    }
  }
  for (const r of results as (ForgeLint.LintResult & { linter: string })[]) {
    const file = path.relative(appRoot, path.resolve(appRoot, r.file)) || r.file;
    for (const [level, rules] of [
      ['error', r.errors],
      ['warning', r.warnings],
      ['error', r.approvals],
    ] as const) {
      for (const rule of rules) {
        add({ file, line: rule.line, column: rule.column, level, source: r.linter, message: stripAnsi(rule.message) });
      }
    }
  }

  // 4. Product calls through wrappers and legacy storage, on the same ASTs.
  const permissionLinter = linters.find((l) => l instanceof lintLib.PermissionLinter) as unknown as
    | Record<'jira' | 'confluence' | 'bitbucket', PathMap | undefined>
    | undefined;
  const humanEnv = opts.environment;
  let checkedCalls = 0;
  for (const input of inputs) {
    if (!input.ast) continue;
    const { routeCalls, findings } = scanFile(input.ast);
    for (const f of findings) addFinding(add, notes, input.filepath, f);
    for (const call of routeCalls) {
      const pathMap = permissionLinter?.[call.product];
      if (!pathMap) continue;
      checkedCalls++;
      const where = { file: input.filepath, line: call.line, column: call.column };
      if (!call.method) {
        add({
          ...where,
          level: 'warning',
          source: 'testsync/product-call',
          message: `${label(call)} endpoint ${call.path}: the HTTP method is not a string literal, so its scopes were not checked`,
        });
        continue;
      }
      const spec = lookup(pathMap, call);
      if (!spec) {
        add({
          ...where,
          level: 'warning',
          source: 'testsync/product-call',
          message: `${label(call)} endpoint: ${call.method} ${call.path.replaceAll('\\S*', '{…}')} is not in the ${label(call)} spec in use, so its scopes were not checked`,
        });
        continue;
      }
      const verifier = new ProductVerifier(humanEnv, manifest, pathMap, call.product);
      const rules = await verifier.process([
        { type: ApiCallTypes.PRODUCT, product: call.product, path: call.path, method: call.method, line: call.line, column: call.column },
      ]);
      for (const rule of rules) add({ ...where, level: 'error', source: 'PermissionLinter (wrapper call)', message: stripAnsi(rule.message) });
    }
  }

  for (const p of checkPackageJson(appRoot)) add(p);
  for (const attempt of blockedAttempts) {
    add({ file: '(network)', line: 0, column: 0, level: 'error', source: 'lint-forge', message: `blocked network access: ${attempt}` });
  }

  return report(opts, problems, notes, files.length, swagger.jiraSpec, checkedCalls);
}

type PathMap = Map<RegExp, { originalPath: string; methods: Record<string, unknown> }>;

function label(call: RouteCall): string {
  return call.product === 'jira' ? 'Jira' : call.product === 'confluence' ? 'Confluence' : 'Bitbucket';
}

/** The spec entry the permission linter would match for this call (same regexes, first match). */
function lookup(pathMap: PathMap, call: RouteCall): { originalPath: string } | undefined {
  const p = call.path.replace(/\?.+$/, '');
  for (const [regex, entry] of pathMap) {
    if (regex.test(p)) return call.method && entry.methods[call.method.toLowerCase()] ? entry : undefined;
  }
  return undefined;
}

function addFinding(add: (p: Problem) => void, notes: string[], file: string, f: Finding): void {
  if (f.level === 'note') notes.push(`${file}:${f.line}:${f.column} ${f.message}`);
  else add({ file, line: f.line, column: f.column, level: f.level, source: f.rule, message: f.message });
}

/** Answers every feature gate and dynamic config as unset, which `forge lint` treats as the defaults. */
class OfflineStatsig {
  async checkGate(): Promise<null> {
    return null;
  }
  async getDynamicConfig(): Promise<null> {
    return null;
  }
  async getDeprecatedRuntimes(): Promise<string[]> {
    return [];
  }
  async testForgeCliTestGate(): Promise<boolean> {
    return false;
  }
  async getForgeCliTestDynamicConfig(): Promise<string[]> {
    return [];
  }
  async isLogsV2ApiEnabled(): Promise<boolean> {
    return true;
  }
  async isTeamworkGraphProductSupported(): Promise<boolean> {
    return false;
  }
  async isDevSpaceSelectionEnabled(): Promise<boolean> {
    return false;
  }
  async isDeveloperSpaceEnforcementFlowEnabled(): Promise<boolean> {
    return false;
  }
  async isSelfManagedTunnelEnabled(): Promise<boolean> {
    return false;
  }
  async isCombinedArtifactUploadEnabled(): Promise<boolean> {
    return false;
  }
  async getCustomSpinnerConfig(): Promise<null> {
    return null;
  }
  async getHints(): Promise<null> {
    return null;
  }
}

const STATSIG = new OfflineStatsig();

function report(
  opts: Options,
  all: Problem[],
  notes: string[],
  fileCount: number,
  jiraSpec: string,
  checkedCalls = 0,
): number {
  const seen = new Set<string>();
  const problems = all.filter((p) => {
    const key = `${p.file}|${p.line}|${p.column}|${p.level}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const out = process.stdout;
  out.write(
    `lint-forge: ${opts.appRoot} (environment ${opts.environment}, ${fileCount} source file(s), ` +
      `Jira spec ${path.relative(opts.appRoot, jiraSpec) || jiraSpec})\n`,
  );
  for (const n of notes) out.write(`note: ${n}\n`);
  let current = '';
  for (const p of problems) {
    if (p.file !== current) {
      current = p.file;
      out.write(`\n${p.file}\n`);
    }
    out.write(`  ${p.file}:${p.line}:${p.column}  ${p.level.padEnd(7)}  ${p.message}  [${p.source}]\n`);
  }
  const errors = problems.filter((p) => p.level === 'error').length;
  const warnings = problems.filter((p) => p.level === 'warning').length;
  out.write(
    `\n${errors ? 'X' : warnings ? '!' : 'OK'} ${errors} error(s), ${warnings} warning(s)` +
      (checkedCalls ? `; ${checkedCalls} product call(s) checked against declared scopes` : '') +
      '\n',
  );
  return errors ? 1 : 0;
}

Promise.resolve()
  .then(() => run(parseArgs(process.argv.slice(2))))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    process.stderr.write(`lint-forge: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
