/** How a run's progress reads: its phase in words and what it did so far. */
import type { RunPhase, RunSummary } from '../../../src/resolvers/contract';
import { formatNumber as n, plural } from '../../shared/format';

const PHASE_LABEL: Record<RunPhase, string> = {
  retry: 'Retrying failed items',
  cases: 'Reading test cases',
  runs: 'Reading test runs',
  deletions: 'Looking for deleted test cases',
  remap: 'Re-counting results',
  flush: 'Writing results',
  coverage: 'Updating coverage',
  done: 'Finishing',
};

export function phaseLabel(phase: RunPhase | undefined): string {
  return phase ? PHASE_LABEL[phase] ?? phase : 'Starting';
}

/** "Reading test cases (project 1 of 2)" */
export function phaseText(run: Pick<RunSummary, 'phase' | 'progress' | 'state'>): string {
  if (run.state === 'queued') return 'Queued: starts in a moment';
  const where = run.progress && run.progress.mappings > 1 && ['cases', 'runs', 'deletions'].includes(run.phase ?? '') ? ` (project ${n(run.progress.mapping)} of ${n(run.progress.mappings)})` : '';
  return `${phaseLabel(run.phase)}${where}`;
}

/** "12 created · 3 updated · 40 unchanged so far" (a dry run: "would create 12 · …"). */
export function soFarText(run: Pick<RunSummary, 'counts' | 'dryRun'>): string {
  const c = run.counts;
  if (run.dryRun) return `so far would create ${n(c.created)} · update ${n(c.updated)} · link ${n(c.linked)}`;
  const parts = [`${n(c.created)} created`, `${n(c.updated)} updated`, `${n(c.unchanged)} unchanged`, `${n(c.linked)} linked`];
  if (c.failed > 0) parts.push(plural(c.failed, 'failed item'));
  return `${parts.join(' · ')} so far`;
}
