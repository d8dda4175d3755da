/**
 * Fires each scheduled trigger of the manifest on its interval (fiveMinute, hour, day, week).
 * A trigger whose previous run is still going is skipped for that tick.
 */
import type { KvsStore } from './kvs-store';
import { TRIGGER_INTERVAL_SECONDS, type TriggerDecl } from './manifest';
import type { TriggerSummary } from './runtime';

export interface TriggerScheduler {
  stop(): void;
}

export function startTriggerSchedule(
  triggers: Iterable<TriggerDecl>,
  fire: (key: string) => Promise<TriggerSummary>,
  options: { intervalScale?: number; log?: (message: string) => void } = {},
): TriggerScheduler {
  const log = options.log ?? ((m: string) => console.log(`[schedule] ${m}`));
  const timers: NodeJS.Timeout[] = [];
  for (const trigger of triggers) {
    const seconds = TRIGGER_INTERVAL_SECONDS[trigger.interval];
    if (!seconds) {
      log(`trigger ${trigger.key} has an unknown interval "${trigger.interval}"; not scheduled`);
      continue;
    }
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      fire(trigger.key)
        .then((summary) => log(`${trigger.key}: ${JSON.stringify(summary)}`))
        .catch((err) => log(`${trigger.key} failed: ${(err as Error)?.message ?? err}`))
        .finally(() => (running = false));
    }, seconds * 1000 * (options.intervalScale ?? 1));
    timer.unref?.();
    timers.push(timer);
  }
  return { stop: () => timers.forEach(clearInterval) };
}

/** Whether the app's storage holds a tool connection (`connection:<id>`, as src/config/connections.ts keeps them). */
export function hasStoredConnection(kvs: KvsStore): boolean {
  return kvs.list('connection:', undefined, 1).items.length > 0;
}
