/**
 * Keeps forge lint's engine off the network: product specs come from local files, and any attempt to
 * open an HTTP connection fails loudly instead of reaching out.
 */
import fs from 'fs';
import http from 'http';
import https from 'https';
import os from 'os';
import path from 'path';

export class NetworkBlockedError extends Error {
  constructor(what: string) {
    super(`network access is disabled in lint-forge (attempted: ${what})`);
    this.name = 'NetworkBlockedError';
  }
}

/** Every network attempt seen so far; a non-empty list fails the run. */
export const blockedAttempts: string[] = [];

function blocked(what: string): never {
  blockedAttempts.push(what);
  throw new NetworkBlockedError(what);
}

/** Replaces global fetch and the http/https client entry points with functions that throw. */
export function blockNetwork(): void {
  const g = globalThis as { fetch?: unknown };
  g.fetch = (input: unknown) => {
    const what = `fetch ${describe(input)}`;
    blockedAttempts.push(what);
    return Promise.reject(new NetworkBlockedError(what));
  };
  for (const mod of [http, https] as const) {
    const name = mod === http ? 'http' : 'https';
    Object.assign(mod, {
      request: (...args: unknown[]) => blocked(`${name}.request ${describe(args[0])}`),
      get: (...args: unknown[]) => blocked(`${name}.get ${describe(args[0])}`),
    });
  }
}

function describe(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (input && typeof input === 'object' && 'url' in input) return String((input as { url: unknown }).url);
  if (input && typeof input === 'object' && 'host' in input) return String((input as { host: unknown }).host);
  return String(input);
}

export interface SwaggerSetup {
  jiraSpec: string;
  notice?: string;
  tmpDir: string;
}

/** The candidate Jira specs, best first: the project's reduced copy, then the full one in shared/. */
export function jiraSpecCandidates(appRoot: string, repoRoot: string): string[] {
  const reduced = 'contracts/jira/jira-platform-v3.reduced.json';
  const full = path.join('..', 'shared', 'contracts', 'jira', 'swagger-v3.v3.json');
  return [...new Set([path.join(appRoot, reduced), path.join(repoRoot, reduced), path.join(repoRoot, full), path.join(appRoot, full)])];
}

/**
 * Points the permission linter at local spec files (USE_LOCAL_SWAGGER and the six LOCAL_*_SWAGGER
 * variables), writing empty specs for the products this app does not call.
 */
export function useLocalSwagger(appRoot: string, repoRoot: string, explicitJiraSpec?: string): SwaggerSetup {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-forge-'));
  const empty = path.join(tmpDir, 'empty-spec.json');
  fs.writeFileSync(empty, JSON.stringify({ paths: {} }));

  let jiraSpec: string | undefined;
  let notice: string | undefined;
  if (explicitJiraSpec) {
    jiraSpec = path.resolve(explicitJiraSpec);
    if (!fs.existsSync(jiraSpec)) throw new Error(`Jira spec not found: ${jiraSpec}`);
  } else {
    const candidates = jiraSpecCandidates(appRoot, repoRoot);
    jiraSpec = candidates.find((c) => fs.existsSync(c));
    if (!jiraSpec) throw new Error(`no Jira spec found; looked for:\n  ${candidates.join('\n  ')}`);
    if (jiraSpec !== candidates[0] && !jiraSpec.endsWith('.reduced.json')) {
      notice = `contracts/jira/jira-platform-v3.reduced.json not found; using ${path.relative(process.cwd(), jiraSpec)}`;
    }
  }

  process.env.USE_LOCAL_SWAGGER = 'true';
  process.env.LOCAL_JIRA_SWAGGER = jiraSpec;
  process.env.LOCAL_JSM_SWAGGER = empty;
  process.env.LOCAL_JSW_SWAGGER = empty;
  process.env.LOCAL_CONF_SWAGGER = empty;
  process.env.LOCAL_CONF_V2_SWAGGER = empty;
  process.env.LOCAL_BB_SWAGGER = empty;
  // The permission linter opens a `conf` cache store under the user's config directory; keep it in tmp.
  process.env.XDG_CONFIG_HOME = path.join(tmpDir, 'config');
  return { jiraSpec, notice, tmpDir };
}

/** Counts the spec's operations and how many of them declare scopes, to catch a spec without them. */
export function specStats(file: string): { operations: number; withScopes: number } {
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { paths?: Record<string, Record<string, unknown>> };
  let operations = 0;
  let withScopes = 0;
  for (const methods of Object.values(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(methods ?? {})) {
      if (!/^(get|put|post|delete|patch|head|options)$/.test(method) || !op || typeof op !== 'object') continue;
      operations++;
      const o = op as { security?: unknown[]; 'x-atlassian-oauth2-scopes'?: unknown[] };
      if ((o.security?.length ?? 0) > 0 || (o['x-atlassian-oauth2-scopes']?.length ?? 0) > 0) withScopes++;
    }
  }
  return { operations, withScopes };
}
