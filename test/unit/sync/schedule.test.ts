import { isDue } from '../../../src/sync/schedule';

describe('schedule', () => {
  const now = new Date('2026-11-21T12:00:00.000Z');
  it('never runs a mapping whose schedule is off', () => expect(isDue('off', undefined, now)).toBe(false));
  it('runs a scheduled mapping that never ran', () => expect(isDue('hour', undefined, now)).toBe(true));
  it('runs an hourly mapping after an hour, allowing for the trigger’s jitter, not before', () => {
    expect(isDue('hour', '2026-11-21T11:00:40.000Z', now)).toBe(true);
    expect(isDue('hour', '2026-11-21T11:30:00.000Z', now)).toBe(false);
  });
  it('runs a five-minute mapping at every tick of the five-minute trigger', () => {
    expect(isDue('fiveMinute', '2026-11-21T11:55:10.000Z', now)).toBe(true);
    expect(isDue('fiveMinute', '2026-11-21T11:59:59.000Z', now)).toBe(true);
  });
  it('runs a daily mapping once a day', () => {
    expect(isDue('day', '2026-11-20T11:59:00.000Z', now)).toBe(true);
    expect(isDue('day', '2026-11-21T06:00:00.000Z', now)).toBe(false);
  });
});
