/**
 * The traceability page (a Jira project page): for a version of the project, every requirement with its covering
 * tests from every tool and their status there, and its defects; totals at the top; filters; pages of rows, failing
 * first; and a CSV of every row the filters show. While TestSync's licence for the site is not active it shows only
 * the licence message.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { TraceabilityFilter, TraceabilityView } from '../../../src/resolvers/traceability-contract';
import { downloadText } from '../../shared/download';
import { EmptyState } from '../../shared/EmptyState';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime, plural } from '../../shared/format';
import { LicenceMessage } from '../../shared/LicenceMessage';
import { forgetLicenceInactive, isLicenceInactive, useLicenceInactive } from '../../shared/licence';
import { Loading } from '../../shared/Loading';
import { contextWords } from '../../shared/readiness';
import { useLatestLoad } from '../../shared/useLatestLoad';
import { useSiteUrl } from '../../shared/useSiteUrl';
import { traceabilityApi } from './api';
import { Totals } from './Totals';
import { TraceTable } from './TraceTable';

const PAGE_SIZE = 25;

// The pickers (Atlaskit's select) load beside the first answer rather than before it.
const Filters = lazy(() => import('./Filters').then((m) => ({ default: m.Filters })));

function howCounted(view: TraceabilityView): string {
  const where = view.environment
    ? `in ${view.version} on ${view.environment}`
    : `in ${view.version}, over every environment (a test passes only when its latest run in each environment passed)`;
  return `Readiness counts each covering test's latest result ${where}; a test with no run there counts as not run. An open defect blocks a requirement: a Bug linked to it in Jira, or one a test tool links to a covering test's latest run there. Tests and defects you cannot browse are not listed or counted.`;
}

function IndexNotice({ view }: { view: TraceabilityView }) {
  if (view.index.damaged) {
    return (
      <SectionMessage appearance="warning" title="Part of the stored results could not be read">
        <Text as="p">TestSync is rebuilding them from the synced results. Requirements not rebuilt yet show as Not indexed yet; reload the page in a minute.</Text>
      </SectionMessage>
    );
  }
  if (!view.index.building && view.index.indexing === 0) return null;
  return (
    <SectionMessage appearance="information" title="TestSync is still indexing results synced earlier">
      <Text as="p">
        {view.index.indexing > 0
          ? `${plural(view.index.indexing, 'requirement')} of this version show as Not indexed yet: their results were synced before this page existed. `
          : 'Every requirement of this version is indexed; other versions are still being indexed. '}
        Each visit and each sync indexes more; reload the page in a minute.
      </Text>
    </SectionMessage>
  );
}

function Page() {
  const licenceInactive = useLicenceInactive();
  const siteUrl = useSiteUrl();
  const [filter, setFilter] = useState<TraceabilityFilter>({});
  const [pageNo, setPageNo] = useState(1);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string>();
  const [exportError, setExportError] = useState<unknown>();
  const { data: view, loading, error, load } = useLatestLoad(() => traceabilityApi.getPage(filter, (pageNo - 1) * PAGE_SIZE, PAGE_SIZE), [filter, pageNo]);

  useEffect(() => {
    void load();
  }, [load]);

  const checkLicence = useCallback(async () => {
    forgetLicenceInactive();
    await load();
  }, [load]);

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    setExported(undefined);
    try {
      const file = await traceabilityApi.exportCsv(view?.version && !filter.version ? { ...filter, version: view.version } : filter);
      downloadText(file.fileName, file.csv);
      setExported(`Downloaded ${file.fileName}: ${plural(file.rows, 'requirement')}.`);
    } catch (e) {
      if (!isLicenceInactive(e)) setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const changeFilter = (next: TraceabilityFilter) => {
    setFilter(next);
    setPageNo(1);
    setExported(undefined);
  };

  return (
    <Box as="main" padding="space.300" style={{ maxWidth: 1440, marginInline: 'auto', color: token('color.text') }}>
      <Stack space="space.300">
        <Stack space="space.100">
          <Heading size="xlarge" as="h1">
            Traceability{view?.version ? ` of ${view.project} ${contextWords(view.version, view.environment)}` : ''}
          </Heading>
          <Text as="p" color="color.text.subtle">
            Every requirement of a version with the tests that cover it in qTest, Xray and QMetry, their results there and the defects linked to it, from
            what TestSync last synced.
          </Text>
        </Stack>

        {licenceInactive ? <LicenceMessage audience="viewer" onCheckAgain={() => void checkLicence()} /> : null}
        {error && !licenceInactive ? (
          <ErrorMessage error={error} title="The traceability report could not be loaded" actions={<Button onClick={() => void load()}>Try again</Button>} />
        ) : null}
        {loading && !view && !licenceInactive ? <Loading label="Loading the traceability report" /> : null}

        {view && !licenceInactive && !view.version ? (
          <EmptyState
            header={`${view.project} has no version to report on`}
            description="Create a version in the project's Releases and make it the fix version of the stories planned for it: this page then shows how ready they are."
          />
        ) : null}

        {view && view.version && !licenceInactive ? (
          <>
            <Suspense fallback={<Box style={{ minHeight: 56 }} />}>
              <Filters view={view} filter={filter} onChange={changeFilter} />
            </Suspense>
            <IndexNotice view={view} />
            <Totals totals={view.totals} />
            <Text as="p" size="small" color="color.text.subtle">
              {howCounted(view)} Results as synced, read {formatDateTime(view.computedAt)}.
            </Text>
            <Inline space="space.150" alignBlock="center" spread="space-between">
              <div aria-live="polite">
                <Text as="p">
                  {view.page.total === view.totals.requirements
                    ? `${plural(view.totals.requirements, 'requirement')}, failing first.`
                    : `${plural(view.page.total, 'requirement')} of ${view.totals.requirements} match the readiness chosen.`}
                  {exported ? ` ${exported}` : ''}
                </Text>
              </div>
              <Button appearance="primary" onClick={() => void exportCsv()} isLoading={exporting} isDisabled={view.page.total === 0}>
                Export CSV
              </Button>
            </Inline>
            {exportError ? <ErrorMessage error={exportError} title="The CSV could not be exported" /> : null}
            <TraceTable view={view} loading={loading} siteUrl={siteUrl} onPage={setPageNo} />
          </>
        ) : null}
      </Stack>
    </Box>
  );
}

export function App() {
  return <Page />;
}
