/**
 * A dry run's whole plan: what it would create, update and link, a page at a time (read from the plan store,
 * not the first hundred the run record keeps), and the whole plan as a CSV file.
 */
import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import type { HeadType } from '@atlaskit/dynamic-table/types';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { PlanKind, PlanPage, RunSummary } from '../../../src/resolvers/contract';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, plural } from '../../shared/format';
import { IssueLink } from '../../shared/IssueLink';
import { adminApi } from './api';
import { download, PLAN_KIND_LABEL, planCsv } from './csv';
import type { Notify } from './flags';
import { ScrollRegion } from './ScrollRegion';
import { Tabs } from './Tabs';

const PAGE_SIZE = 25;
const HEAD: HeadType = { cells: [{ key: 'n', content: '#', width: 8 }, { key: 'item', content: 'Item' }] };
/**
 * The item's text with its Jira issues as links: an update names its issue first ("SHOP-12 (TC-5)"), a link
 * names the requirement after "tests" ("TC-5 tests SHOP-3"); a create names only the tool's case.
 */
function Item({ text, kind, siteUrl }: { text: string; kind: PlanKind; siteUrl?: string }) {
  const match = kind === 'update' ? /^([A-Z][A-Z0-9_]+-\d+)/.exec(text) : kind === 'link' ? / tests ([A-Z][A-Z0-9_]+-\d+)$/.exec(text) : null;
  if (!match) return <span>{text}</span>;
  const at = match.index + match[0].indexOf(match[1]);
  return (
    <span>
      {text.slice(0, at)}
      <IssueLink issueKey={match[1]} siteUrl={siteUrl} />
      {text.slice(at + match[1].length)}
    </span>
  );
}

interface Props {
  run: RunSummary;
  siteUrl?: string;
  notify: Notify;
}

export function PlanSection({ run, siteUrl, notify }: Props) {
  const totals: Record<PlanKind, number> = { create: run.counts.created, update: run.counts.updated, link: run.counts.linked };
  const [kind, setKind] = useState<PlanKind>('create');
  const [pageNo, setPageNo] = useState(1);
  const [page, setPage] = useState<PlanPage>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState<number>();
  const total = totals[kind];

  useEffect(() => {
    let live = true;
    setLoading(true);
    adminApi
      .getPlanPage(run.runId, kind, (pageNo - 1) * PAGE_SIZE, PAGE_SIZE)
      .then((p) => live && (setPage(p), setError(undefined)))
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [run.runId, kind, pageNo, total]);

  async function exportCsv() {
    setExporting(0);
    try {
      const csv = await planCsv(run.runId, totals, setExporting);
      download(`testsync-dry-run-${run.runId}.csv`, csv);
      notify.success('The plan is downloaded', `${plural(totals.create + totals.update + totals.link, 'item')} in testsync-dry-run-${run.runId}.csv.`);
    } catch (e) {
      notify.error('The plan could not be downloaded', e);
    } finally {
      setExporting(undefined);
    }
  }

  const shown = page && page.kind === kind ? page : undefined;
  const missing = shown?.items.filter((i) => !i.item).length ?? 0;
  return (
    <section aria-labelledby="plan-heading">
      <Stack space="space.150">
        <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
          <Heading size="small" as="h2" id="plan-heading">
            What a sync would do
          </Heading>
          <Button onClick={() => void exportCsv()} isLoading={exporting !== undefined}>
            Download CSV
          </Button>
        </Inline>
        {exporting !== undefined ? (
          <Text size="small" color="color.text.subtle">
            Reading the plan: {formatNumber(exporting)} of {plural(totals.create + totals.update + totals.link, 'item')}…
          </Text>
        ) : null}
        <Tabs<PlanKind>
          label="Plan"
          selected={kind}
          onSelect={(k) => {
            setKind(k);
            setPageNo(1);
          }}
          tabs={(['create', 'update', 'link'] as PlanKind[]).map((k) => ({ key: k, label: `${PLAN_KIND_LABEL[k]} (${formatNumber(totals[k])})` }))}
        >
          <Stack space="space.100">
            {error ? <ErrorMessage error={error} title="The plan could not be loaded" /> : null}
            {missing > 0 ? (
              <Text as="p" color="color.text.warning">
                {plural(missing, 'item')} on this page were planned but could not be kept.
              </Text>
            ) : null}
            <ScrollRegion label={`${PLAN_KIND_LABEL[kind]} (table)`}>
              <DynamicTableStateless
                label={PLAN_KIND_LABEL[kind]}
                head={HEAD}
                rows={(shown?.items ?? []).map((i) => ({
                  key: String(i.position),
                  cells: [
                    { key: i.position, content: formatNumber(i.position + 1) },
                    { key: i.item ?? '', content: i.item ? <Item text={i.item} kind={kind} siteUrl={siteUrl} /> : <Text color="color.text.subtle">(not kept)</Text> },
                  ],
                }))}
                rowsPerPage={PAGE_SIZE}
                totalRows={total}
                page={pageNo}
                onSetPage={setPageNo}
                isLoading={loading}
                loadingLabel="Loading the plan"
                emptyView={<Text>Nothing.</Text>}
                testId="plan-table"
              />
            </ScrollRegion>
          </Stack>
        </Tabs>
      </Stack>
    </section>
  );
}
