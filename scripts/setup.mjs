#!/usr/bin/env node
/**
 * Makes a fresh clone ready: installs the npm packages when the lock file changed, builds the Custom UI
 * when its sources changed, and (for the browser tests) installs Debian's Chromium when it is missing.
 * Uses only Node's built-ins, so it runs before anything is installed.
 *
 *   node scripts/setup.mjs start   # packages + UI build
 *   node scripts/setup.mjs test    # the same, plus Chromium for the browser tests
 */
import { execSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] ?? 'start';
const stampDir = join(root, 'node_modules', '.testsync');

function log(msg) {
  process.stdout.write(`[setup] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    log(`"${cmd} ${args.join(' ')}" failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status ?? 1);
  }
}

function hashFiles(paths) {
  const h = createHash('sha256');
  for (const p of paths.sort()) {
    h.update(p);
    h.update(readFileSync(p));
  }
  return h.digest('hex');
}

function listFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'build') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

function stamp(name) {
  const p = join(stampDir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : '';
}

function writeStamp(name, value) {
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(join(stampDir, name), value);
}

// 1. npm packages, exactly as locked (install scripts are off: see .npmrc).
const lockHash = hashFiles([join(root, 'package-lock.json')]);
if (!existsSync(join(root, 'node_modules')) || stamp('lock') !== lockHash) {
  log('installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  writeStamp('lock', lockHash);
}

// 2. The Custom UI build, when its sources changed.
const uiSources = [...listFiles(join(root, 'static')), join(root, 'src', 'resolvers', 'contract.ts')];
const uiHash = hashFiles(uiSources.filter((p) => existsSync(p)));
const built = ['admin', 'issue-panel'].every((app) => existsSync(join(root, 'static', app, 'build', 'index.html')));
if (!built || stamp('ui') !== uiHash) {
  log('building the Custom UI (npm run build:ui)…');
  run('npm', ['run', '--silent', 'build:ui']);
  writeStamp('ui', uiHash);
}

// 3. Chromium for the browser tests (Debian's package; no browser download).
if (purpose === 'test' && !existsSync('/usr/bin/chromium')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log('Chromium is missing: install it with "sudo apt-get install -y chromium" and run again.');
    process.exit(1);
  }
  log('installing Chromium (apt-get install chromium)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
}
