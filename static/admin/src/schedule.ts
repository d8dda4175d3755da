/** Names of the sync schedules a mapping can have. */
import type { Schedule } from '../../../src/resolvers/contract';

export const SCHEDULE_LABEL: Record<Schedule, string> = {
  off: 'Off (manual only)',
  fiveMinute: 'Every 5 minutes',
  hour: 'Hourly',
  day: 'Daily',
};
