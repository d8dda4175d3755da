/**
 * scripts/lint-forge.ts on small fixture apps: a missing Jira scope fails the run with forge lint's own
 * message, a correct app passes, and the project rules (no @forge/ui, no legacy storage) fail it.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'lint-forge.ts');
const TSX_CLI = require.resolve('tsx/cli', { paths: [ROOT] });

interface Fixture {
  scopes: string[];
  source: string;
  packageJson?: Record<string, unknown>;
}

const MANIFEST = (scopes: string[]) => `modules:
  scheduledTrigger:
    - key: fixture-trigger
      function: run
      interval: hour
  function:
    - key: run
      handler: index.run
permissions:
  scopes:
${scopes.map((s) => `    - ${s}`).join('\n')}
app:
  id: ari:cloud:ecosystem::app/6b1f7a52-3c4e-4f0a-9d2b-7e5c1a8f9d30
  runtime:
    name: nodejs22.x
`;

const ISSUE_UPDATE = `import api, { route } from '@forge/api';

export async function run(key: string): Promise<void> {
  await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}\`, { method: 'PUT', body: '{}' });
}
`;

const tmpDirs: string[] = [];

function makeApp(f: Fixture): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-forge-fixture-'));
  tmpDirs.push(dir);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'manifest.yml'), MANIFEST(f.scopes));
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), f.source);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(f.packageJson ?? { name: 'fixture', private: true, dependencies: { '@forge/api': '^8.3.0', '@forge/kvs': '^1.6.5' } }, null, 2),
  );
  return dir;
}

function lintApp(dir: string): { status: number | null; out: string } {
  const res = spawnSync(process.execPath, [TSX_CLI, SCRIPT, '--dir', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
}

afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('scripts/lint-forge.ts', () => {
  jest.setTimeout(180_000);

  test('fails with the permission linter message when a Jira call lacks its scope', () => {
    const dir = makeApp({ scopes: ['read:jira-work', 'storage:app'], source: ISSUE_UPDATE });
    const { status, out } = lintApp(dir);
    expect(out).toContain('Jira endpoint: PUT /rest/api/3/issue/{issueIdOrKey} requires "write:jira-work" scope');
    expect(out).toMatch(/src\/index\.ts:4:\d+\s+error/);
    expect(status).toBe(1);
  });

  test('passes an app whose scopes cover its calls, including calls through a wrapper', () => {
    const source = `import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';

async function jira(path: ReturnType<typeof route>, req: { method?: 'GET' | 'POST' | 'PUT' } = {}) {
  return api.asApp().requestJira(path, { method: req.method ?? 'GET' });
}

export async function run(key: string): Promise<void> {
  await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}\`, { method: 'PUT', body: '{}' });
  await jira(route\`/rest/api/3/issue/\${key}/comment\`, { method: 'POST' });
  await jira(route\`/rest/api/3/myself\`);
  await kvs.set('last-run', Date.now());
}
`;
    const dir = makeApp({ scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app'], source });
    const { status, out } = lintApp(dir);
    expect(out).toMatch(/0 error\(s\)/);
    expect(out).toContain('3 product call(s) checked');
    expect(status).toBe(0);
  });

  test('fails on @forge/ui in package.json, legacy storage, and a wrapper call without its scope', () => {
    const source = `import api, { route, storage } from '@forge/api';

async function jira(path: ReturnType<typeof route>, req: { method?: 'GET' | 'POST' } = {}) {
  return api.asApp().requestJira(path, { method: req.method ?? 'GET' });
}

export async function run(key: string): Promise<void> {
  await jira(route\`/rest/api/3/issue/\${key}/comment\`, { method: 'POST' });
  await storage.set('k', 1);
}
`;
    const dir = makeApp({
      scopes: ['read:jira-work', 'storage:app'],
      source,
      packageJson: { name: 'fixture', dependencies: { '@forge/api': '^8.3.0', '@forge/ui': '^1.11.0' } },
    });
    const { status, out } = lintApp(dir);
    expect(out).toContain('Jira endpoint: POST /rest/api/3/issue/{issueIdOrKey}/comment requires "write:jira-work" scope');
    expect(out).toMatch(/package\.json:\d+:\d+\s+error\s+dependencies lists @forge\/ui/);
    expect(out).toMatch(/src\/index\.ts:1:\d+\s+error\s+'storage' from '@forge\/api' is the legacy storage API/);
    expect(status).toBe(1);
  });
});
