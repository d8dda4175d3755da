#!/usr/bin/env node
/**
 * Makes a fresh clone ready: installs the npm packages when the lock file changed, builds the Custom UI
 * when its sources changed, and (for the browser tests) installs Debian's Chromium when it is missing.
 * Uses only Node's built-ins, so it runs before anything is installed. Long steps say how far they are
 * (packages installed so far against the lock file's count, and the time taken), so a first start never
 * looks stuck.
 *
 *   node scripts/setup.mjs start   # packages + UI build
 *   node scripts/setup.mjs test    # the same, plus Chromium for the browser tests
 */
import { execSync, spawn } from 'node:child_process';
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

function seconds(since) {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

/**
 * Runs a command while printing how far it is every few seconds (on one line that rewrites itself in a
 * terminal, a line every 15 s in a log), then how long it took.
 */
async function runWithProgress(label, cmd, args, progress = () => '') {
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const line = () => `[setup] ${label}… ${seconds(started)}${progress() ? `, ${progress()}` : ''}`;
  const tick = setInterval(() => {
    if (tty) process.stdout.write(`\r${line()}\x1b[K`);
    else process.stdout.write(`${line()}\n`);
  }, tty ? 1000 : 15000);
  const status = await new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => {
      process.stdout.write(`\n[setup] could not start "${cmd}": ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
  clearInterval(tick);
  if (tty) process.stdout.write('\r\x1b[K');
  if (status !== 0) {
    log(`"${cmd} ${args.join(' ')}" failed (exit ${status}).`);
    process.exit(typeof status === 'number' ? status : 1);
  }
  log(`${label}: done in ${seconds(started)}${progress() ? ` (${progress()})` : ''}.`);
}

/** Packages the lock file installs at the top of node_modules, and how many of them are there now. */
function packageProgress() {
  let expected = 0;
  try {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    // Top-level packages that every platform gets (optional ones are for some platforms only).
    expected = Object.entries(lock.packages ?? {}).filter(([k, v]) => k.startsWith('node_modules/') && !k.slice(13).includes('node_modules/') && !v.optional).length;
  } catch {
    // no count, only the time
  }
  return () => {
    const dir = join(root, 'node_modules');
    if (!existsSync(dir)) return expected ? `0 of ${expected} packages` : '';
    let n = 0;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        try {
          n += readdirSync(join(dir, name)).length;
        } catch {
          // a scope folder being written
        }
      } else n++;
    }
    return expected ? `${Math.min(n, expected)} of ${expected} packages` : `${n} packages`;
  };
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
  log('installing npm packages (npm ci); a first install takes a minute or two');
  await runWithProgress('installing npm packages', 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], packageProgress());
  writeStamp('lock', lockHash);
}

// 2. The Custom UI build, when its sources changed.
// The traceability page's bundle also takes its columns and words from src/traceability (what its CSV says), and the
// gadget's checks its configuration with src/gadget/config.ts.
const uiSources = [
  ...listFiles(join(root, 'static')),
  ...listFiles(join(root, 'src', 'resolvers', 'contract')),
  ...listFiles(join(root, 'src', 'traceability')),
  ...listFiles(join(root, 'src', 'gadget')),
];
const uiHash = hashFiles(uiSources.filter((p) => existsSync(p)));
const built = ['admin', 'issue-panel', 'traceability', 'gadget'].every((app) => existsSync(join(root, 'static', app, 'build', 'index.html')));
if (!built || stamp('ui') !== uiHash) {
  log('building the Custom UI (npm run build:ui): the admin page, the issue panel, the traceability page, then the readiness gadget');
  await runWithProgress('building the Custom UI', 'npm', ['run', '--silent', 'build:ui']);
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
