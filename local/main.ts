/**
 * `npm start`: the app with its UI, the local Forge runtime and the simulators on one local server.
 *
 *   --fresh         start from empty storage and a freshly seeded Jira simulator (deletes .local-data/)
 *   --no-schedule   do not fire scheduled triggers on their intervals
 *   PORT            port to listen on (default 8787)
 *   TESTSYNC_DATA_DIR  where storage and the Jira simulator's state are kept (default .local-data/, and
 *                      .local-data/real-jira/<host>/ with a real Jira site)
 *   TESTSYNC_DURABLE_WRITES=1  every storage and simulated-Jira write is on disk before it is answered (slower; a
 *                      process killed at any point then loses nothing, as on Forge)
 *   JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN   use a real Jira site instead of the simulator: no demo settings are
 *                      written and the schedule waits until an admin adds a connection
 *   TESTSYNC_TOOLS     simulators | network: where tool calls go (default: network with a real Jira site)
 */
import './runtime/hooks';
import { createLocalServer, type LocalServer } from './server';

interface CliFlags {
  fresh: boolean;
  schedule: boolean;
}

export function parseFlags(argv: string[]): CliFlags {
  const known = new Set(['--fresh', '--no-schedule']);
  for (const arg of argv) {
    if (!known.has(arg)) throw new Error(`Unknown option ${arg}. Options: --fresh, --no-schedule`);
  }
  return { fresh: argv.includes('--fresh'), schedule: !argv.includes('--no-schedule') };
}

/**
 * The local store has no quota: unless told otherwise, syncs are not paced to Forge's storage limit here
 * (TESTSYNC_KVS_UNITS_PER_MINUTE=3200 paces them as on Forge, where a run takes 80 % of 4,000 units a minute).
 */
const UNPACED = '1000000';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  process.env.TESTSYNC_KVS_UNITS_PER_MINUTE ||= UNPACED;
  const port = Number(process.env.PORT ?? 8787);
  const dataDir = process.env.TESTSYNC_DATA_DIR || undefined;
  const durableWrites = process.env.TESTSYNC_DURABLE_WRITES === '1';
  const server = await createLocalServer({ port, fresh: flags.fresh, schedule: flags.schedule, durableWrites, ...(dataDir ? { dataDir } : {}) });
  console.log(banner(server, flags));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping, saving storage...`);
    try {
      await server.close();
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** What `npm start` prints: where everything is, and in real-Jira mode what it does and does not do. */
export function banner(server: LocalServer, flags: CliFlags): string {
  const { runtime } = server;
  const triggers = [...runtime.manifest.triggers.keys()];
  const real = runtime.realJira;
  const schedule = !flags.schedule
    ? 'off (--no-schedule)'
    : server.scheduling
      ? 'on (each trigger fires on its manifest interval)'
      : 'waiting: nothing fires on an interval until an admin adds a connection on the admin page';
  const tools =
    runtime.toolTarget === 'network'
      ? 'the real tools over the network (egress-checked); TESTSYNC_TOOLS=simulators uses the simulators'
      : `simulated: ${server.url}/qtest  ${server.url}/xray  ${server.url}/qmetry`;
  const lines = [
    `TestSync for Jira is running locally at ${server.url}`,
    '',
    `  Admin page:        ${server.url}/admin/`,
    `  Issue panel:       ${server.url}/issue-panel/?issueKey=${real ? '<an issue key of your site>' : 'SHOP-1'}`,
    `  Traceability:      ${server.url}/traceability/?project=${real ? '<a project key of your site>' : 'SHOP'}`,
    `  Readiness gadget:  ${server.url}/gadget/?edit=1 (choose a project and version, then Save)`,
    '                     (add &as=<accountId> to act as another user, &theme=dark for the dark theme,',
    '                     &locale=de-DE&tz=Asia/Tokyo for another locale and time zone, &license=inactive|none)',
    `  Jira:              ${real ? `${real.baseUrl} (real site, every call made as ${real.email})` : `${server.url}/jira (simulator)`}`,
    `  Tools:             ${tools}`,
    `  Demo settings:     ${real ? 'none on a real Jira site: add a connection and map a project on the admin page' : server.seeded ? 'written (a demo connection to each tool)' : 'kept from the last start'}`,
    ...triggers.map((t) => `  Fire a trigger:    curl -X POST ${server.url}/__forge/triggers/${t}`),
    `  Scheduled runs:    ${schedule}`,
    `  Storage:           ${runtime.dataDir ?? 'in memory'}${flags.fresh ? ' (fresh)' : ''}`,
    `  Storage pacing:    ${process.env.TESTSYNC_KVS_UNITS_PER_MINUTE === UNPACED ? 'off (the local store has no quota; TESTSYNC_KVS_UNITS_PER_MINUTE=3200 paces syncs as on Forge)' : `${process.env.TESTSYNC_KVS_UNITS_PER_MINUTE ?? 3200} units a minute shared by the runs under way`}`,
  ];
  if (real) {
    lines.push(
      '',
      '  The account needs Jira admin (the app edits with notifyUsers=false) and browse, create, edit and link in the',
      "  mapped projects. JQL on the app's properties (testsyncStatus ...) needs the app installed on the site: see README.",
    );
  }
  return `\n${lines.join('\n')}\n\nPress Ctrl+C to stop.\n`;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
