/** A requirement's readiness as every page shows it: the same words and tones on the panel, the traceability page and the gadget. */
import { READINESS_LABELS, type Readiness } from '../../src/domain/readiness';

export { READINESS_LABELS };

export type ReadinessTone = 'success' | 'danger' | 'warning' | 'information' | 'neutral';

export const READINESS_TONE: Record<Readiness, ReadinessTone> = {
  PASS: 'success',
  FAIL: 'danger',
  BLOCKED: 'warning',
  PARTIAL: 'information',
  NOTRUN: 'neutral',
  UNCOVERED: 'neutral',
};

/** The Atlaskit lozenge appearance of each tone. */
export const TONE_LOZENGE: Record<ReadinessTone, 'success' | 'removed' | 'moved' | 'inprogress' | 'default'> = {
  success: 'success',
  danger: 'removed',
  warning: 'moved',
  information: 'inprogress',
  neutral: 'default',
};

/** "3.2 · staging", "3.2", or "the latest results". */
export function contextWords(version?: string, environment?: string): string {
  if (!version) return environment ? `the latest results on ${environment}` : 'the latest results';
  return environment ? `${version} · ${environment}` : version;
}
