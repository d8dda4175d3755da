import type { ClockState } from './types';

/** Formats epoch ms the way Jira Cloud renders timestamps: `2026-11-21T10:15:30.123+0000`. */
export function formatJiraDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * Monotonic, controllable clock. Every timestamp stamped on an entity comes from `tick()`, which is
 * strictly greater than the previous one, so `updated` values can be compared in tests.
 */
export class SimClock {
  constructor(private readonly state: () => ClockState) {}

  /** Current time without consuming a tick. */
  now(): number {
    const s = this.state();
    const raw = s.mode === 'manual' ? s.baseMs : Date.now() + s.baseMs;
    return Math.max(raw, s.lastMs);
  }

  /** A new timestamp, strictly after every previous one. */
  tick(): number {
    const s = this.state();
    if (s.mode === 'manual') {
      s.baseMs = Math.max(s.baseMs + s.stepMs, s.lastMs + 1);
      s.lastMs = s.baseMs;
    } else {
      s.lastMs = Math.max(Date.now() + s.baseMs, s.lastMs + 1);
    }
    return s.lastMs;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('The simulator clock only moves forward');
    this.state().baseMs += ms;
  }

  /** Sets the current time; it may not go back before the last timestamp handed out. */
  set(time: Date | string | number): void {
    const ms = new Date(time).getTime();
    if (Number.isNaN(ms)) throw new Error(`Invalid time: ${String(time)}`);
    const s = this.state();
    if (ms < s.lastMs) throw new Error('The simulator clock is monotonic and cannot go back');
    s.baseMs = s.mode === 'manual' ? ms : ms - Date.now();
  }

  get mode(): ClockState['mode'] {
    return this.state().mode;
  }
}
