/**
 * A story's coverage: the summary, filters where there is a choice, its readiness and defects where it is counted,
 * the tests grouped by status with failing first, a screenful at a time with true counts, and how many tests the
 * viewer may not see.
 */
import { useEffect, type MutableRefObject } from 'react';
import type { PanelFilter, PanelView } from '../../../src/resolvers/contract';
import { formatNumber, plural, toolName } from '../../shared/format';
import { describeError } from './errors';
import { Filters, hasFilters } from './Filters';
import { PAGE_SIZE, type RowsRequest } from './api';
import { GROUP_LABEL } from './status';
import { BugList } from './bugs/BugList';
import { ReadinessLine } from './ReadinessLine';
import { RequirementDefects } from './RequirementDefects';
import { Summary } from './Summary';
import { TestTable } from './TestTable';
import { Banner } from './ui/Banner';
import { Button } from './ui/Button';
import { useTestList } from './useTestList';

type RequirementPanel = Extract<PanelView, { kind: 'requirement' }>;

/** "2 more tests cover this issue in projects you cannot browse." ("more" only when some are listed). */
export function hiddenText(hidden: number, listed: number): string {
  const more = listed > 0 ? ' more' : '';
  return hidden === 1
    ? `${formatNumber(1)}${more} test covers this issue in a project you cannot browse.`
    : `${formatNumber(hidden)}${more} tests cover this issue in projects you cannot browse.`;
}

function filterWords(filter: PanelFilter): string {
  const parts: string[] = [];
  if (filter.version) parts.push(`in version ${filter.version}`);
  if (filter.status) parts.push(GROUP_LABEL[filter.status].toLowerCase());
  if (filter.tool) parts.push(`from ${toolName(filter.tool)}`);
  if (filter.cycle) parts.push(`latest run in ${filter.cycle}`);
  if (filter.environment) parts.push(`on ${filter.environment}`);
  return parts.join(' · ');
}

interface Props {
  view: RequirementPanel;
  siteUrl?: string;
  /** Kept up to date with the rows and filter shown, so a refresh answers the same list. */
  shown?: MutableRefObject<RowsRequest | undefined>;
}

export function RequirementView({ view, siteUrl, shown }: Props) {
  const list = useTestList(view);
  const { rows, page, filter, loading } = list;
  const filtered = Object.keys(filter).length > 0;
  const left = page.total - rows.length;
  // In a version, the summary counts every test by its result there (what the list shows), not by its latest result.
  const inContext = filter.version && page.readiness ? { ...view.coverage, total: page.readiness.total, byStatus: page.readiness.byStatus, how: page.readiness.how } : view.coverage;
  useEffect(() => {
    if (shown) shown.current = { filter, limit: Math.max(PAGE_SIZE, rows.length) };
  }, [shown, filter, rows.length]);

  return (
    <div className="tsp-stack">
      <Summary coverage={inContext} status={filter.status} onStatus={(status) => list.setFilter({ ...filter, status })} />
      <BugList siteUrl={siteUrl} showTest title="Bugs of these tests" />
      {hasFilters(view.facets, view.fixVersions) ? (
        <Filters facets={view.facets} fixVersions={view.fixVersions} filter={filter} onChange={list.setFilter} disabled={loading === 'filter'} />
      ) : null}
      {filter.version && page.readiness ? <ReadinessLine readiness={page.readiness} /> : null}
      {page.readiness?.defects ? <RequirementDefects defects={page.readiness.defects} siteUrl={siteUrl} /> : null}
      {filtered ? (
        <p className="tsp-filter-line" aria-live="polite">
          {plural(page.total, 'test')} {page.total === 1 ? 'matches' : 'match'}: {filterWords(filter)}.{' '}
          <Button appearance="link" onClick={() => list.setFilter({})}>
            Show all tests
          </Button>
        </p>
      ) : null}
      {list.error ? (
        <Banner appearance="error" title="More tests could not be loaded" role="alert" headingLevel="h3">
          <p>{describeError(list.error).message}</p>
        </Banner>
      ) : null}
      <div className="tsp-list" aria-busy={loading === 'filter' || undefined}>
        {rows.length > 0 ? <TestTable issueKey={view.issueKey} rows={rows} byStatus={page.byStatus} siteUrl={siteUrl} focusIndex={list.appendedAt} /> : null}
        {rows.length === 0 && filtered ? <p className="tsp-subtle">No test matches these filters.</p> : null}
      </div>
      {page.total > 0 ? (
        <div className="tsp-more">
          <span className="tsp-subtle" aria-live="polite">
            Showing {formatNumber(rows.length)} of {plural(page.total, 'test')}
          </span>
          {left > 0 ? (
            <>
              <Button onClick={list.showMore} isLoading={loading === 'more'} disabled={!!loading}>
                Show {formatNumber(Math.min(PAGE_SIZE, left))} more
              </Button>
              {left > PAGE_SIZE ? (
                <Button appearance="subtle" onClick={list.showAll} isLoading={loading === 'all'} disabled={!!loading}>
                  Show all {formatNumber(page.total)}
                </Button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      {view.hidden > 0 ? (
        <p className="tsp-subtle" data-testid="hidden-tests">
          {hiddenText(view.hidden, view.coverage.total)}
        </p>
      ) : null}
    </div>
  );
}
