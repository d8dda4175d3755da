/**
 * A story's coverage at a glance: one sentence (how many fail, or that all pass), a bar by status, and a button
 * per status with its count that filters the list to it. Always every test the viewer may see, by its latest result
 * or, in a version, by its result there; never narrowed by the other filters.
 */
import Heading from '@atlaskit/heading';
import type { CanonicalStatus } from '../../../src/domain/model';
import type { PanelView } from '../../../src/resolvers/contract';
import { formatNumber as n, plural } from '../../shared/format';
import { Time } from '../../shared/Time';
import { CoverageBar } from './CoverageBar';
import { PANEL_ORDER, STATUS_TONE, statusLabel } from './status';

type Coverage = Extract<PanelView, { kind: 'requirement' }>['coverage'];

/** "1 of 18 tests fails", "3 of 18 tests fail", "All 18 tests fail", "The only test fails". */
function share(count: number, total: number, one: string, many: string): string {
  if (total === 1) return `The only test ${one}`;
  if (count === total) return `All ${n(total)} tests ${many}`;
  return `${n(count)} of ${n(total)} tests ${count === 1 ? one : many}`;
}

/** The one sentence a reader takes away: the worst news first. */
export function headline(coverage: Coverage): { text: string; tone: 'danger' | 'warning' | 'success' | 'neutral' } {
  const { total, byStatus } = coverage;
  if (total === 0) return { text: 'No test you can see covers this issue', tone: 'neutral' };
  if (byStatus.FAIL > 0) return { text: share(byStatus.FAIL, total, 'fails', 'fail'), tone: 'danger' };
  if (byStatus.BLOCKED > 0) return { text: share(byStatus.BLOCKED, total, 'is blocked', 'are blocked'), tone: 'warning' };
  return { text: share(byStatus.PASS, total, 'passes', 'pass'), tone: byStatus.PASS === total ? 'success' : 'neutral' };
}

interface Props {
  coverage: Coverage;
  /** The status the list is filtered to, if any. */
  status?: CanonicalStatus;
  onStatus: (status: CanonicalStatus | undefined) => void;
}

export function Summary({ coverage, status, onStatus }: Props) {
  const line = headline(coverage);
  const present = PANEL_ORDER.filter((s) => (coverage.byStatus[s] ?? 0) > 0);
  return (
    <section className="tsp-summary" aria-labelledby="tsp-coverage-heading">
      <div className="tsp-summary-head">
        <Heading size="xsmall" as="h2" id="tsp-coverage-heading">
          Coverage
        </Heading>
        <span className="tsp-subtle">{plural(coverage.total, 'test')}</span>
      </div>
      <p className="tsp-headline" data-tone={line.tone}>
        {line.text}
      </p>
      <CoverageBar byStatus={coverage.byStatus} total={coverage.total} />
      {present.length > 0 ? (
        <div className="tsp-chips" role="group" aria-label="Show tests by latest status">
          {present.map((s) => (
            <button
              key={s}
              type="button"
              className="tsp-chip"
              data-tone={STATUS_TONE[s]}
              aria-pressed={status === s}
              title={status === s ? 'Show every status again' : `Show only tests whose latest result is ${statusLabel(s).toLowerCase()}`}
              onClick={() => onStatus(status === s ? undefined : s)}
            >
              {statusLabel(s)} {n(coverage.byStatus[s])}
            </button>
          ))}
        </div>
      ) : null}
      <p className="tsp-note">
        {coverage.how} Computed <Time iso={coverage.computedAt} />.
      </p>
    </section>
  );
}
