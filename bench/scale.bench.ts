/**
 * The scale bench: qTest, Xray (on this Jira site) and QMetry together, synced by the app on the local Forge runtime
 * with the manifest's budgets, and every figure printed beside a floor defined from first principles (floors.ts).
 *
 *   npm run bench                         (after the sync bench; before the panel bench)
 *   npx tsx bench/scale.bench.ts          alone; `node --expose-gc --import tsx bench/scale.bench.ts` for live heap
 *
 * Environment:
 *   BENCH_SCALE_CASES=10000 BENCH_SCALE_RUNS=100000   the full size (default 2,000 / 20,000; runs default to 10 per case)
 *   BENCH_LATENCY_MS=50                               latency of every Jira and tool request (300: a slow site)
 *   BENCH_CHANGE_SHARE=0.01                           share of cases edited, and of runs added, before the change sync
 *   BENCH_DELAY_SCALE=0                               the runtime's delayScale (see below)
 *   BENCH_XRAY_PER_5MIN=1000                          Xray's request budget per 5 minutes (Standard: 300)
 *   BENCH_KVS_LATENCY_MS=0                            added to every storage call
 *   BENCH_GC_SAMPLE_SECONDS=15                        live-heap samples (forced GC) during a phase, with --expose-gc
 *   BENCH_WORKER_BUDGET_SECONDS=                      a sync-worker budget other than the manifest's (to see continuations
 *                                                     at a small size; the figures the README quotes use the manifest's)
 *   BENCH_SCALE=0                                     skip this bench (npm run bench then runs the other two)
 *
 * Phases: a first sync, a sync in which nothing changed, and a sync after BENCH_CHANGE_SHARE of the cases were edited
 * and as many new runs (as a share of all runs) were added. Each phase fires the scheduled trigger, which starts a run
 * per connection (the three run at once, as on Forge), and waits until the queue is empty.
 */
// The runtime must be loaded before anything that loads @forge/api (it keeps the global fetch it finds).
import '../local/runtime';
import * as net from 'node:net';
import * as os from 'node:os';
import { createLocalServer, type LocalServer } from '../local/server';
import { createJiraSimulator } from '../local/simulators/jira';
import { createQtestSimulator } from '../local/simulators/qtest';
import { createXraySimulator } from '../local/simulators/xray';
import { createQmetrySimulator } from '../local/simulators/qmetry';
import { getConnection, saveConnection } from '../src/config/connections';
import { useLogSink } from '../src/platform/log';
import {
  instrument,
  isJiraRead,
  jiraPoints,
  kvsPeakPerMinute,
  newCounts,
  noteLiveHeap,
  peakInWindow,
  sumJira,
  sumTool,
  TOOLS,
  type Counts,
  type Tool,
} from './lib/meter';
import { applyChange, generateScaleData, type ChangeSet, type ScaleData } from './lib/scale-data';
import { jiraFloor, toolFloors, FLOOR_DEFINITIONS, NO_SCANS, type Floor, type PhaseKind, type ScansDue } from './lib/floors';
import { markdownTable, mb, n, ratio, table } from './lib/table';

/**
 * The full size is 10,000 cases and 100,000 runs; its first sync alone takes far longer than ten minutes here (see
 * README "Speed"), so the default is a fifth of it, which runs in about five minutes.
 */
const FULL_CASES = 10_000;
const FULL_RUNS = 100_000;
const DEFAULT_CASES = 2_000;
const DEFAULT_RUNS = 20_000;

const env = process.env;
const CASES = Number(env.BENCH_SCALE_CASES ?? DEFAULT_CASES);
const RUNS = Number(env.BENCH_SCALE_RUNS ?? (env.BENCH_SCALE_CASES ? CASES * 10 : DEFAULT_RUNS));
const LATENCY_MS = Number(env.BENCH_LATENCY_MS ?? 50);
const CHANGE_SHARE = Number(env.BENCH_CHANGE_SHARE ?? 0.01);
const DELAY_SCALE = Number(env.BENCH_DELAY_SCALE ?? 0);
const XRAY_PER_5MIN = Number(env.BENCH_XRAY_PER_5MIN ?? 1000);
const KVS_LATENCY_MS = Number(env.BENCH_KVS_LATENCY_MS ?? 0);
const GC_SAMPLE_MS = Number(env.BENCH_GC_SAMPLE_SECONDS ?? 15) * 1000;
const WORKER_BUDGET = env.BENCH_WORKER_BUDGET_SECONDS ? Number(env.BENCH_WORKER_BUDGET_SECONDS) : undefined;
/** Forge's storage quota per installation: reads and writes, each in 10 KB units per minute. */
const KVS_UNITS_PER_MINUTE = 4000;
const KVS_REQUESTS_PER_SECOND = 1000;
const HEAP_TARGET = 128 * 1024 * 1024;
const BUDGET_SHARE = 0.8;

const appErrors: string[] = [];
const appWarnings = new Map<string, number>();
/** The engine's `step-ended` log lines of the current phase: which unit a long step spent its time on. */
interface StepEnded {
  connection: string;
  outcome: string;
  units: number;
  ms: number;
  budgetMs: number;
  longestUnit: { phase: string; ms: number };
}
let stepsEnded: StepEnded[] = [];
useLogSink((level, line) => {
  if (line.includes('"event":"step-ended"')) stepsEnded.push(JSON.parse(line) as StepEnded);
  if (level === 'error') appErrors.push(line);
  if (level === 'warn') {
    const event = /"event":"([^"]+)"/.exec(line)?.[1] ?? line.slice(0, 60);
    appWarnings.set(event, (appWarnings.get(event) ?? 0) + 1);
  }
});

const gc = (globalThis as { gc?: () => void }).gc;
function liveHeap(): number | undefined {
  if (!gc) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------------------------------------------------

interface Sims {
  jira: ReturnType<typeof createJiraSimulator>;
  qtest: ReturnType<typeof createQtestSimulator>;
  xray: ReturnType<typeof createXraySimulator>;
  qmetry: ReturnType<typeof createQmetrySimulator>;
}

interface RunEntry {
  runId: string;
  connectionId: string;
  state: string;
  startedAt: string;
  durationMs?: number;
  counts: Record<string, number>;
  errors: { message: string }[];
  warnings: string[];
  waits?: { seconds: number; reason: string }[];
}

interface PhaseResult {
  kind: PhaseKind;
  name: string;
  wallMs: number;
  counts: Counts;
  runs: RunEntry[];
  liveBefore?: number;
  liveAfter?: number;
  liveMax?: number;
  heapUsedMax: number;
  rssMax: number;
  events: { delivered: number; retried: number; failed: number };
  /** The steps that ended by continuing or finishing (a step ended by a wait is not among them). */
  steps: StepEnded[];
  change?: ChangeSet;
  /** Computed from the tools' state as the phase starts (the sync changes nothing in the tools). */
  jiraFloor: Floor;
  toolFloors: Record<Tool, Floor>;
}

let current: Counts = newCounts();

/** A free local port, so the Jira simulator can be told its own URL before the server listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function start(): Promise<{ server: LocalServer; sims: Sims; data: ScaleData; genMs: number }> {
  const t0 = performance.now();
  const port = await freePort();
  const sims: Sims = {
    // The simulator's own URL is where its answers point (the 303 of a bulk property write names the task there):
    // it must be this server, or following the task fails and the app falls back to one write per issue.
    jira: createJiraSimulator({ seed: 'demo-xray', siteUrl: `http://127.0.0.1:${port}/jira` }),
    qtest: createQtestSimulator({ seed: 'demo' }),
    xray: createXraySimulator({ seed: 'demo', budget: { limit: XRAY_PER_5MIN, windowMs: 5 * 60_000 } }),
    qmetry: createQmetrySimulator({ seed: 'demo' }),
  };
  const data = generateScaleData(sims, { cases: CASES, runs: RUNS });
  const genMs = performance.now() - t0;
  const server = await createLocalServer({
    port,
    dataDir: false,
    fresh: true,
    schedule: false,
    seedDemo: true,
    realJira: null,
    toolTarget: 'simulators',
    delayScale: DELAY_SCALE,
    ...(WORKER_BUDGET ? { budgets: { 'sync-worker': WORKER_BUDGET } } : {}),
    log: (m) => process.stderr.write(`[runtime] ${m.slice(0, 400)}\n`),
    demoTools: ['qtest', 'xray', 'qmetry'],
    simulators: { jira: sims.jira as never, qtest: sims.qtest as never, xray: sims.xray as never, qmetry: sims.qmetry as never },
  });
  // Xray's plan: the connection's request budget (the app's setting), matching the simulator's.
  await server.runtime.runInInvocation(async () => {
    const c = await getConnection('xray-demo');
    if (c) await saveConnection({ ...c, settings: { ...c.settings, requestsPer5Minutes: XRAY_PER_5MIN } });
  });
  sims.jira.faults.set({ latencyMs: LATENCY_MS });
  for (const t of [sims.qtest, sims.xray, sims.qmetry]) t.faults.set({ delayMs: LATENCY_MS });
  instrument(server, () => current, { kvsLatencyMs: KVS_LATENCY_MS });
  return { server, sims, data, genMs };
}

async function runsSince(server: LocalServer, since: number): Promise<RunEntry[]> {
  const overview = (await server.invoke({ moduleKey: 'testsync-admin', functionKey: 'getOverview', payload: {}, accountId: 'demo-admin' })) as { history?: RunEntry[] };
  return (overview.history ?? []).filter((r) => Date.parse(r.startedAt) >= since - 1000);
}

/**
 * The projects whose deletion scan is due now, as the app decides it (src/sync/deletions.ts): its checkpoint's
 * last scan is older than the interval. A first sync has no checkpoint and needs no scan (it reads every case).
 */
function scansDue(server: LocalServer): ScansDue {
  const raw = Number(env.TESTSYNC_DELETION_SCAN_MINUTES);
  const intervalMs = (Number.isFinite(raw) && raw >= 0 ? raw : 60) * 60_000;
  const due: ScansDue = { ...NO_SCANS, qtest: [] };
  for (const item of server.runtime.kvs.list('checkpoint:', undefined, 1000).items) {
    const scanned = (item.value as { deletionsScannedAt?: string }).deletionsScannedAt;
    if (!scanned || Date.now() - Date.parse(scanned) < intervalMs) continue;
    const [, connection, project] = item.key.split(':');
    if (connection.startsWith('qtest')) due.qtest.push(Number(project));
    else if (connection.startsWith('xray')) due.xray = true;
    else if (connection.startsWith('qmetry')) due.qmetry = true;
  }
  return due;
}

async function phase(server: LocalServer, sims: Sims, data: ScaleData, kind: PhaseKind, name: string, change?: ChangeSet): Promise<PhaseResult> {
  const floors = { jiraFloor: jiraFloor(kind, data, sims, change), toolFloors: toolFloors(kind, data, sims, change, kind === 'first' ? NO_SCANS : scansDue(server)) };
  current = newCounts();
  stepsEnded = [];
  const liveBefore = liveHeap();
  let liveMax = liveBefore;
  let heapUsedMax = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const sampler = setInterval(() => {
    heapUsedMax = Math.max(heapUsedMax, process.memoryUsage().heapUsed);
  }, 250);
  // Progress on stderr every 30 s: a long phase shows what it is doing.
  const progress = setInterval(() => {
    const c = current;
    process.stderr.write(
      `    … ${((performance.now() - t0) / 1000).toFixed(0)} s: Jira ${n(sumJira(c))} requests, ` +
        `${TOOLS.map((t) => `${t} ${n(sumTool(c, t))}`).join(', ')}, invocations ${c.invocations.filter((i) => i.functionKey === 'sync-worker').length} ended\n`,
    );
  }, 30_000);
  const gcSampler = gc
    ? setInterval(() => {
        const live = liveHeap()!;
        liveMax = Math.max(liveMax ?? 0, live);
        noteLiveHeap(live);
      }, GC_SAMPLE_MS)
    : undefined;
  const q0 = { ...server.runtime.queue.counters };
  const startedAt = Date.now();
  process.stderr.write(`  ${name}: started ${new Date().toISOString()}\n`);
  await server.fireTrigger('sync-scheduler');
  await server.runtime.drain();
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  clearInterval(progress);
  if (gcSampler) clearInterval(gcSampler);
  heapUsedMax = Math.max(heapUsedMax, process.memoryUsage().heapUsed);
  const liveAfter = liveHeap();
  if (liveAfter !== undefined) liveMax = Math.max(liveMax ?? 0, liveAfter);
  const q = server.runtime.queue.counters;
  const runs = await runsSince(server, startedAt);
  process.stderr.write(`  ${name}: ${(wallMs / 1000).toFixed(1)} s, runs ${runs.map((r) => `${r.connectionId} ${r.state}`).join(', ')}\n`);
  return {
    kind,
    name,
    wallMs,
    counts: current,
    runs,
    liveBefore,
    liveAfter,
    liveMax,
    heapUsedMax,
    rssMax: process.resourceUsage().maxRSS * 1024,
    events: { delivered: q.delivered - q0.delivered, retried: q.retried - q0.retried, failed: q.failed - q0.failed },
    steps: stepsEnded,
    change,
    ...floors,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Report

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function jiraSection(r: PhaseResult, floor: Floor): { text: string; writes: number; reads: number; floorWrites: number; floorReads: number } {
  const keys = new Set([...r.counts.jira.keys(), ...floor.items.map((i) => i.endpoint)]);
  const rows: string[][] = [];
  let writes = 0;
  let reads = 0;
  let floorWrites = 0;
  let floorReads = 0;
  const sorted = [...keys].sort((a, b) => Number(isJiraRead(a)) - Number(isJiraRead(b)) || (r.counts.jira.get(b)?.n ?? 0) - (r.counts.jira.get(a)?.n ?? 0));
  for (const k of sorted) {
    const v = r.counts.jira.get(k)?.n ?? 0;
    const f = floor.items.filter((i) => i.endpoint === k).reduce((s, i) => s + i.n, 0);
    const read = isJiraRead(k);
    if (read) (reads += v), (floorReads += f);
    else (writes += v), (floorWrites += f);
    rows.push([`  ${k}`, read ? 'read' : 'WRITE', n(v), n(f), ratio(v, f), String(r.counts.jira.get(k)?.points ?? 0)]);
  }
  rows.push(['  writes', '', n(writes), n(floorWrites), ratio(writes, floorWrites), '']);
  rows.push(['  reads', '', n(reads), n(floorReads), ratio(reads, floorReads), '']);
  return { text: table(['  Jira endpoint', 'kind', 'requests', 'floor', 'ratio', 'points'], rows, 2), writes, reads, floorWrites, floorReads };
}

function toolSection(r: PhaseResult, floors: Record<Tool, Floor>): { text: string; totals: Record<Tool, { app: number; floor: number }> } {
  const parts: string[] = [];
  const totals = {} as Record<Tool, { app: number; floor: number }>;
  for (const tool of TOOLS) {
    const app = r.counts.tools[tool];
    const fl = floors[tool];
    const keys = new Set([...app.keys(), ...fl.items.map((i) => i.endpoint)]);
    const rows = [...keys]
      .sort((a, b) => (app.get(b) ?? 0) - (app.get(a) ?? 0))
      .map((k) => {
        const v = app.get(k) ?? 0;
        const f = fl.items.filter((i) => i.endpoint === k).reduce((s, i) => s + i.n, 0);
        return [`  ${k}`, n(v), n(f), ratio(v, f)];
      });
    const total = sumTool(r.counts, tool);
    const ft = fl.items.reduce((s, i) => s + i.n, 0);
    totals[tool] = { app: total, floor: ft };
    rows.push([`  ${tool} total`, n(total), n(ft), ratio(total, ft)]);
    parts.push(table([`  ${tool} endpoint`, 'requests', 'floor', 'ratio'], rows));
  }
  return { text: parts.join('\n\n'), totals };
}

function invocationStats(r: PhaseResult) {
  const inv = r.counts.invocations.filter((i) => i.functionKey === 'sync-worker');
  const shares = inv.map((i) => i.ms / i.budgetMs);
  return {
    count: inv.length,
    maxShare: shares.length ? Math.max(...shares) : 0,
    over80: shares.filter((s) => s > BUDGET_SHARE).length,
    longestMs: inv.length ? Math.max(...inv.map((i) => i.ms)) : 0,
    budgetMs: inv[0]?.budgetMs ?? 0,
    scheduler: r.counts.invocations.filter((i) => i.functionKey === 'scheduler').map((i) => i.ms / i.budgetMs),
    heapHeld: inv.some((i) => i.heapHeld !== undefined) ? Math.max(...inv.map((i) => i.heapHeld ?? 0)) : undefined,
  };
}

interface PhaseFigures {
  r: PhaseResult;
  jira: ReturnType<typeof jiraSection>;
  tools: ReturnType<typeof toolSection>;
  kv: ReturnType<typeof kvsPeakPerMinute>;
  inv: ReturnType<typeof invocationStats>;
  points: number;
  xrayPeak5min: number;
  /** What the sync itself held, bounded: live heap at a sample minus after the phase (lower), minus before it (upper). */
  appHeap?: { lower: number; upper: number };
}

function figures(r: PhaseResult): PhaseFigures {
  return {
    r,
    jira: jiraSection(r, r.jiraFloor),
    tools: toolSection(r, r.toolFloors),
    kv: kvsPeakPerMinute(r.counts),
    inv: invocationStats(r),
    points: jiraPoints(r.counts),
    xrayPeak5min: peakInWindow(r.counts.toolTimes.xray, 5 * 60_000),
    ...(r.liveBefore !== undefined && r.liveMax !== undefined && r.liveAfter !== undefined
      ? { appHeap: { lower: Math.max(0, r.liveMax - r.liveAfter), upper: Math.max(0, r.liveMax - r.liveBefore, r.liveMax - r.liveAfter) } }
      : {}),
  };
}

function kvsOpsTable(r: PhaseResult): string {
  const rows = [...r.counts.kvsOps]
    .sort((a, b) => b[1].readUnits + b[1].writeUnits - (a[1].readUnits + a[1].writeUnits))
    .map(([op, v]) => [`  ${op}`, n(v.n), n(v.readUnits), n(v.writeUnits)]);
  const tot = [...r.counts.kvsOps.values()].reduce((a, v) => ({ n: a.n + v.n, r: a.r + v.readUnits, w: a.w + v.writeUnits }), { n: 0, r: 0, w: 0 });
  rows.push(['  total', n(tot.n), n(tot.r), n(tot.w)]);
  return table(['  storage call', 'calls', 'read units', 'write units'], rows);
}

/** Storage units by record kind (key prefix), the costliest first: where a sync's storage goes. */
function kvsKindsTable(r: PhaseResult): string {
  const rows = [...r.counts.kvsKinds]
    .sort((a, b) => b[1].readUnits + b[1].writeUnits - (a[1].readUnits + a[1].writeUnits))
    .map(([kind, v]) => [`  ${kind}`, n(v.readUnits), n(v.writeUnits)]);
  return table(['  record kind', 'read units', 'write units'], rows);
}

/** The table the README's "Speed" section shows: one column per phase. */
function summaryRows(fs: PhaseFigures[]): { headers: string[]; rows: string[][] } {
  const headers = ['', ...fs.map((f) => f.r.name)];
  const cell = (app: number, floor: number) => `${n(app)} / ${n(floor)} = ${ratio(app, floor)}`;
  const rows: string[][] = [
    ['wall time', ...fs.map((f) => `${(f.r.wallMs / 1000).toFixed(f.r.wallMs < 10_000 ? 1 : 0)} s`)],
    ['Jira writes / floor', ...fs.map((f) => cell(f.jira.writes, f.jira.floorWrites))],
    ['Jira reads / floor', ...fs.map((f) => cell(f.jira.reads, f.jira.floorReads))],
    ...TOOLS.map((t) => [`${t} reads / floor`, ...fs.map((f) => cell(f.tools.totals[t].app, f.tools.totals[t].floor))]),
    [
      'tool reads / floor (all)',
      ...fs.map((f) => {
        const a = TOOLS.reduce((s, t) => s + f.tools.totals[t].app, 0);
        const b = TOOLS.reduce((s, t) => s + f.tools.totals[t].floor, 0);
        return cell(a, b);
      }),
    ],
    ['Jira points', ...fs.map((f) => n(f.points))],
    ['KVS peak minute, read / write units', ...fs.map((f) => `${n(f.kv.readUnits)} / ${n(f.kv.writeUnits)}`)],
    [
      'KVS in all, read / write units',
      ...fs.map((f) => {
        const u = [...f.r.counts.kvsOps.values()].reduce((a, v) => ({ r: a.r + v.readUnits, w: a.w + v.writeUnits }), { r: 0, w: 0 });
        return `${n(u.r)} / ${n(u.w)}`;
      }),
    ],
    ['sync-worker invocations (longest, over 80 %)', ...fs.map((f) => `${f.inv.count} (${pct(f.inv.maxShare)}, ${f.inv.over80})`)],
    ['peak RSS (process)', ...fs.map((f) => mb(f.r.rssMax))],
    ['live heap after GC: max in phase (process)', ...fs.map((f) => (f.r.liveMax !== undefined ? mb(f.r.liveMax) : 'n/a'))],
    ['heap the sync held (bounds)', ...fs.map((f) => (f.appHeap ? `${mb(f.appHeap.lower)} – ${mb(f.appHeap.upper)}` : 'n/a'))],
    ['live heap an invocation held (most)', ...fs.map((f) => (f.inv.heapHeld !== undefined ? mb(f.inv.heapHeld) : 'n/a'))],
  ];
  return { headers, rows };
}

function verdicts(fs: PhaseFigures[]): string[] {
  const first = fs.find((f) => f.r.kind === 'first')!;
  const noChange = fs.find((f) => f.r.kind === 'nochange')!;
  const out: string[] = [];
  const v = (ok: boolean | undefined, text: string) => out.push(`${ok === undefined ? 'UNDECIDED' : ok ? 'MET    ' : 'NOT MET'}  ${text}`);
  // A run that did not succeed makes every other figure of its phase a partial one.
  const notSucceeded = fs.flatMap((f) => f.r.runs.filter((r) => r.state !== 'succeeded').map((r) => `${f.r.name}: ${r.connectionId} ${r.state}${r.errors[0] ? ` (${r.errors[0].message.slice(0, 120)})` : ''}`));
  v(notSucceeded.length === 0, `every run succeeded${notSucceeded.length ? `: not ${notSucceeded.join('; ')}` : ` (${fs.reduce((s, f) => s + f.r.runs.length, 0)} runs)`}`);
  const w = first.jira.writes / first.jira.floorWrites;
  v(w <= 1.15, `first sync Jira writes ≤ 1.15 × floor: ${n(first.jira.writes)} / ${n(first.jira.floorWrites)} = ${w.toFixed(2)}×`);
  const toolRatios = TOOLS.map((t) => ({ t, ratio: first.tools.totals[t].app / first.tools.totals[t].floor }));
  const all = TOOLS.reduce((s, t) => s + first.tools.totals[t].app, 0) / TOOLS.reduce((s, t) => s + first.tools.totals[t].floor, 0);
  v(toolRatios.every((x) => x.ratio <= 1.1), `first sync tool reads ≤ 1.1 × floor (each tool): ${toolRatios.map((x) => `${x.t} ${x.ratio.toFixed(2)}×`).join(', ')}; all tools ${all.toFixed(2)}×`);
  const ncJira = sumJira(noChange.r.counts);
  v(ncJira === 0, `no-change sync makes 0 Jira requests: ${n(ncJira)}`);
  const worst = Math.max(...fs.map((f) => f.inv.maxShare));
  const over = fs.reduce((s, f) => s + f.inv.over80, 0);
  v(over === 0, `every invocation ≤ 80 % of its budget: longest ${pct(worst)}, ${over} over 80 % (${fs.reduce((s, f) => s + f.inv.count, 0)} sync-worker invocations)`);
  const kvPeak = Math.max(...fs.map((f) => Math.max(f.kv.readUnits, f.kv.writeUnits)));
  v(kvPeak < KVS_UNITS_PER_MINUTE, `KVS peak under ${n(KVS_UNITS_PER_MINUTE)} units a minute: ${fs.map((f) => `${f.r.name} ${n(f.kv.readUnits)} read / ${n(f.kv.writeUnits)} write`).join('; ')}`);
  const held = fs.map((f) => f.inv.heapHeld).filter((h): h is number => h !== undefined);
  if (held.length === 0) v(undefined, 'live heap ≤ 128 MB: not measured (run with node --expose-gc)');
  else {
    const most = Math.max(...held);
    v(most <= HEAP_TARGET, `live heap an invocation holds ≤ 128 MB: at most ${mb(most)} above the live heap as it started (an upper bound: see the note on memory)`);
  }
  return out;
}

async function main(): Promise<void> {
  if (env.BENCH_SCALE === '0') return;
  const benchStarted = performance.now();
  process.stderr.write(`scale bench: ${n(CASES)} cases, ${n(RUNS)} runs, latency ${LATENCY_MS} ms\n`);
  const { server, sims, data, genMs } = await start();
  const baseline = liveHeap();
  const results: PhaseResult[] = [];
  results.push(await phase(server, sims, data, 'first', 'first sync'));
  results.push(await phase(server, sims, data, 'nochange', 'no-change sync'));
  const change = applyChange(sims, data, CHANGE_SHARE, 'edited for the bench');
  results.push(await phase(server, sims, data, 'change', `${pct(CHANGE_SHARE).replace(' ', '')} change sync`, change));
  const storage = server.runtime.kvs.size();
  await server.close();
  const fs = results.map(figures);

  const out: string[] = [];
  const say = (s = '') => out.push(s);
  const full = CASES === FULL_CASES && RUNS === FULL_RUNS;
  say('TestSync for Jira: scale bench (local Forge runtime; Jira, qTest, Xray and QMetry simulators; storage in memory)');
  say(`node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPU(s), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; --expose-gc ${gc ? 'on' : 'off'}`);
  say(
    `Size: ${n(data.cases)} test cases (qTest ${n(data.perTool.qtest.cases)}, Xray ${n(data.perTool.xray.cases)}, QMetry ${n(data.perTool.qmetry.cases)}), ` +
      `${n(data.runs)} runs (qTest ${n(data.perTool.qtest.runs)}, Xray ${n(data.perTool.xray.runs)}, QMetry ${n(data.perTool.qmetry.runs)}), ${n(data.stories)} stories (one per 5 cases)` +
      `${full ? ' — the full size.' : ' — NOT the full 10,000 / 100,000 (BENCH_SCALE_CASES=10000 BENCH_SCALE_RUNS=100000 for it).'}`,
  );
  say(
    `Latency: ${LATENCY_MS} ms on every Jira and tool request; storage ${KVS_LATENCY_MS ? `${KVS_LATENCY_MS} ms` : 'instant'}. ` +
      `Budgets: ${WORKER_BUDGET ? 'NOT the manifest\'s for sync-worker' : 'the manifest\'s'} (sync-worker ${server.runtime.budgetSeconds('sync-worker')} s, scheduler ${server.runtime.budgetSeconds('scheduler')} s). ` +
      `Xray request budget ${XRAY_PER_5MIN} / 5 min (connection setting and simulator).`,
  );
  say(
    `delayScale ${DELAY_SCALE}: the runtime multiplies every queue delay by it (an event pushed with a delay, InvocationError retryAfter, ` +
      'back-off after a throw), so a run waiting for a rate limit or backing off after a failure continues at once instead of ' +
      'stalling the bench. Waits inside an invocation are not scaled: the connectors\' own request budgets (qTest 50 / 10 s, ' +
      'QMetry 100 / 10 s, Xray per 5 min) sleep in real time and count against the invocation\'s budget.',
  );
  say(`Data generated in ${(genMs / 1000).toFixed(1)} s.${baseline !== undefined ? ` Live heap before the first sync (simulators with their data, runtime, app loaded): ${mb(baseline)}.` : ''}`);
  say();
  say('Floors (defined from first principles; the app\'s figures are printed beside them):');
  for (const line of FLOOR_DEFINITIONS) say(`  ${line}`);
  say('Jira points: 1 per request plus 1 per issue a read returns (Jira\'s points model as the simulator charges it; a');
  say('followed 303 counts as the task read it is). KVS units: per key read or written, its value\'s size in 10 KB units');
  say('(at least 1; a query at least 1); limits per installation: 4,000 read and 4,000 write units a minute, 1,000 requests a second.');
  say('Memory: the bench runs the app, the runtime and all four simulators in one process. "Heap the sync held" is bounded by');
  say('the live heap (after a forced GC, sampled every ' + GC_SAMPLE_MS / 1000 + ' s and at the end) minus the live heap after the phase (lower bound: storage');
  say('written by then is not counted) and minus the live heap before it (upper bound: includes app storage and Jira data written).');
  say('On Forge each invocation has its own memory and storage is a service; so the target is checked per invocation: the most');
  say('live heap (forced GC at its start, at its end and at each sample) above the live heap as it started. That includes what');
  say('ran beside it (other runs\' invocations, the simulators answering them) and the storage and Jira data it wrote: an upper bound.');
  say();
  for (const f of fs) {
    const r = f.r;
    say(`=== ${r.name}: ${(r.wallMs / 1000).toFixed(1)} s wall, ${f.inv.count} sync-worker invocations (events delivered ${r.events.delivered}, retried ${r.events.retried}, failed ${r.events.failed})`);
    for (const x of r.runs) {
      say(`  run ${x.connectionId}: ${x.state}, ${((x.durationMs ?? 0) / 1000).toFixed(1)} s; created ${x.counts.created}, updated ${x.counts.updated}, unchanged ${x.counts.unchanged}, linked ${x.counts.linked}, failed ${x.counts.failed}${x.waits?.length ? `; waited ${x.waits.map((w) => `${w.seconds} s (${w.reason})`).join(', ')}` : ''}${x.errors.length ? `; errors: ${x.errors.map((e) => e.message).join(' | ').slice(0, 300)}` : ''}`);
    }
    say(f.jira.text);
    say();
    say(f.tools.text);
    say(`  Xray requests in the busiest 5 minutes: ${n(f.xrayPeak5min)} (Xray Standard allows 300, Enterprise 1,000)`);
    say();
    say(kvsOpsTable(r));
    say();
    say(kvsKindsTable(r));
    const units = [...r.counts.kvsOps.values()].reduce((a, v) => ({ r: a.r + v.readUnits, w: a.w + v.writeUnits }), { r: 0, w: 0 });
    say(`  KVS in all: ${n(units.r)} read and ${n(units.w)} write units: at ${n(KVS_UNITS_PER_MINUTE)} a minute, at least ${(Math.max(units.r, units.w) / KVS_UNITS_PER_MINUTE).toFixed(1)} minutes of the installation's quota`);
    say(`  KVS peak minute: ${n(f.kv.readUnits)} read units, ${n(f.kv.writeUnits)} write units (limit ${n(KVS_UNITS_PER_MINUTE)} each), ${n(f.kv.requests)} requests; peak ${n(f.kv.peakRequestsPerSecond)} requests/s (limit ${n(KVS_REQUESTS_PER_SECOND)})`);
    say(`  Jira points: ${n(f.points)}`);
    say(`  Invocations: longest ${(f.inv.longestMs / 1000).toFixed(1)} s = ${pct(f.inv.maxShare)} of ${f.inv.budgetMs / 1000} s, ${f.inv.over80} over 80 %; scheduler ${f.inv.scheduler.map((x) => pct(x)).join(', ')} of its budget`);
    const longest = [...r.steps].sort((a, b) => b.ms - a.ms).slice(0, 3);
    if (longest.length > 0) {
      say(
        `  Longest steps: ${longest
          .map((x) => `${x.connection} ${pct(x.ms / x.budgetMs)} (${x.outcome}, ${x.units} units, longest a ${x.longestUnit.phase} unit of ${(x.longestUnit.ms / 1000).toFixed(0)} s)`)
          .join('; ')}`,
      );
    }
    say(`  Memory: peak RSS ${mb(r.rssMax)}, heapUsed peak ${mb(r.heapUsedMax)}${r.liveBefore !== undefined ? `; live heap before ${mb(r.liveBefore)}, max ${mb(r.liveMax!)}, after ${mb(r.liveAfter!)}` : ''}`);
    say();
  }
  const sum = summaryRows(fs);
  say('=== Summary');
  say(table(sum.headers, sum.rows));
  say();
  say('Targets');
  for (const line of verdicts(fs)) say(`  ${line}`);
  say();
  say('Markdown (README "Speed"):');
  say(markdownTable(sum.headers, sum.rows));
  say();
  say(`Storage keys at the end: ${n(storage.values)}`);
  say(`Total bench time ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  if (appErrors.length) say(`The app logged ${appErrors.length} error line(s), first: ${appErrors[0].slice(0, 400)}`);
  if (appWarnings.size) say(`App warnings by event: ${[...appWarnings].map(([k, c]) => `${k} ${c}`).join(', ')}`);
  console.log(out.join('\n'));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
