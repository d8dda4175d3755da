/**
 * `npm start`: the app with its UI, the local Forge runtime and the simulators on one local server.
 *
 *   --fresh         start from empty storage and a freshly seeded Jira simulator (deletes .local-data/)
 *   --no-schedule   do not fire scheduled triggers on their intervals
 *   PORT            port to listen on (default 8787)
 *   TESTSYNC_DATA_DIR  where storage and the Jira simulator's state are kept (default .local-data/)
 *   JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN   use a real Jira site instead of the simulator
 */
import './runtime/hooks';
import { createLocalServer } from './server';

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

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const port = Number(process.env.PORT ?? 8787);
  const dataDir = process.env.TESTSYNC_DATA_DIR || undefined;
  const server = await createLocalServer({ port, fresh: flags.fresh, schedule: flags.schedule, ...(dataDir ? { dataDir } : {}) });
  const triggers = [...server.runtime.manifest.triggers.keys()];
  const jira = server.runtime.realJira ? `${server.runtime.realJira.baseUrl} (real site)` : `${server.url}/jira (simulator)`;
  console.log(`
TestSync for Jira is running locally at ${server.url}

  Admin page:        ${server.url}/admin/
  Issue panel:       ${server.url}/issue-panel/?issueKey=SHOP-1
                     (add &as=<accountId> to act as another user, &theme=dark for the dark theme)
  Jira:              ${jira}
  Tool simulators:   ${server.url}/qtest  ${server.url}/xray  ${server.url}/qmetry
${triggers.map((t) => `  Fire a trigger:    curl -X POST ${server.url}/__forge/triggers/${t}`).join('\n')}
  Scheduled runs:    ${flags.schedule ? 'on (each trigger fires on its manifest interval)' : 'off (--no-schedule)'}
  Storage:           ${server.runtime.dataDir ?? 'in memory'}${flags.fresh ? ' (fresh)' : ''}

Press Ctrl+C to stop.
`);

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

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
