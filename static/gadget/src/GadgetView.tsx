/**
 * The gadget's view: coverage and pass rate of the version's requirements, how many are in each readiness, the
 * failing then blocked ones first, and the trend over the last syncs; when it was computed, and asked again every
 * few minutes while the dashboard is shown (the figures stay while it asks).
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { GadgetConfig } from '../../../src/gadget/config';
import { defectLinksWords, READINESS_ORDER, type Readiness } from '../../../src/domain/readiness';
import type { GadgetAttention, GadgetReadinessView } from '../../../src/resolvers/gadget-contract';
import { EmptyState } from '../../shared/EmptyState';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatClock, formatDateTime, formatNumber, formatPercent, plural } from '../../shared/format';
import { IssueLink } from '../../shared/IssueLink';
import { LicenceMessage } from '../../shared/LicenceMessage';
import { forgetLicenceInactive, useLicenceInactive } from '../../shared/licence';
import { Loading } from '../../shared/Loading';
import { contextWords, READINESS_LABELS, READINESS_TONE, TONE_LOZENGE } from '../../shared/readiness';
import { useAutoRefresh } from '../../shared/useAutoRefresh';
import { useLatestLoad } from '../../shared/useLatestLoad';
import { useSiteUrl } from '../../shared/useSiteUrl';
import { gadgetApi } from './api';
import { TrendSection } from './Trend';

/** How often the gadget asks again while it is shown. */
export const REFRESH_MINUTES = 5;

const COUNT_KEY: Record<Readiness, keyof GadgetReadinessView['totals']> = {
  FAIL: 'failing',
  BLOCKED: 'blocked',
  NOTRUN: 'notRun',
  PARTIAL: 'partial',
  UNCOVERED: 'uncovered',
  PASS: 'passing',
};

function Rate({ id, label, percent, note }: { id: string; label: string; percent: number; note: string }) {
  return (
    <Box
      padding="space.100"
      testId={`gadget-${id}`}
      style={{ flex: '1 1 120px', border: `${token('border.width')} solid ${token('color.border')}`, borderRadius: token('radius.medium'), background: token('elevation.surface.raised') }}
    >
      <Stack space="space.025">
        <Text size="small" color="color.text.subtle" weight="semibold">
          {label}
        </Text>
        <span style={{ font: token('font.heading.medium') }} data-testid={`gadget-${id}-value`}>
          {formatPercent(percent)}
        </span>
        <Text size="small" color="color.text.subtle">
          {note}
        </Text>
      </Stack>
    </Box>
  );
}

function Counts({ totals }: { totals: GadgetReadinessView['totals'] }) {
  return (
    <section aria-label="Requirements by readiness">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: token('space.100') }}>
        {READINESS_ORDER.map((r) => (
          <li key={r} data-testid={`gadget-count-${r}`} data-count={totals[COUNT_KEY[r]]}>
            <Lozenge appearance={totals[COUNT_KEY[r]] > 0 ? TONE_LOZENGE[READINESS_TONE[r]] : 'default'}>{`${READINESS_LABELS[r]} ${formatNumber(totals[COUNT_KEY[r]])}`}</Lozenge>
          </li>
        ))}
        {totals.indexing > 0 ? (
          <li data-testid="gadget-count-indexing">
            <Lozenge>{`Not indexed yet ${formatNumber(totals.indexing)}`}</Lozenge>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** The open defects of a requirement listed first: key, summary, status and where each is linked. */
function AttentionDefects({ item, siteUrl }: { item: GadgetAttention; siteUrl?: string }) {
  if (!item.defects || item.defects.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingInlineStart: token('space.300'), listStyle: 'disc' }} aria-label={`Open defects of ${item.key}`} data-testid="gadget-attention-defects">
      {item.defects.map((d) => (
        <li key={d.key} data-testid="gadget-attention-defect" data-key={d.key}>
          <Text size="small">
            <IssueLink issueKey={d.key} siteUrl={siteUrl} />
            {` ${d.summary}${d.status ? ` (${d.status})` : ''}`}
          </Text>
          <Text size="small" color="color.text.subtle">{`, ${defectLinksWords(d.links)}`}</Text>
        </li>
      ))}
      {item.moreDefects ? (
        <li>
          <Text size="small" color="color.text.subtle">{`and ${plural(item.moreDefects, 'more open defect')}`}</Text>
        </li>
      ) : null}
    </ul>
  );
}

function Attention({ view, siteUrl }: { view: GadgetReadinessView; siteUrl?: string }) {
  const total = view.totals.failing + view.totals.blocked;
  if (total === 0) {
    return (
      <Text as="p" testId="gadget-attention-none">
        No requirement fails or is blocked{view.totals.requirements > 0 ? '.' : ': the version has no requirement yet.'}
      </Text>
    );
  }
  return (
    <section aria-labelledby="gadget-attention">
      <Stack space="space.075">
        <Heading size="xxsmall" as="h3" id="gadget-attention">
          Failing and blocked first
        </Heading>
        <ol style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }} data-testid="gadget-attention">
          {view.attention.map((a) => (
            <li key={a.key} data-testid="gadget-attention-item" data-key={a.key} data-readiness={a.readiness} style={{ paddingBlock: token('space.050') }}>
              <Inline space="space.100" alignBlock="center">
                <Lozenge appearance={TONE_LOZENGE[READINESS_TONE[a.readiness]]} isBold>
                  {READINESS_LABELS[a.readiness]}
                </Lozenge>
                <IssueLink issueKey={a.key} siteUrl={siteUrl} />
                <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0, flex: 1 }} title={a.summary}>
                  {a.summary}
                </span>
              </Inline>
              <AttentionDefects item={a} siteUrl={siteUrl} />
            </li>
          ))}
        </ol>
        {total > view.attention.length ? (
          <Text as="p" size="small" color="color.text.subtle">
            {`and ${plural(total - view.attention.length, 'more', 'more')}: the project's Traceability page lists them all.`}
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}

function Figures({ view, siteUrl }: { view: GadgetReadinessView; siteUrl?: string }) {
  const t = view.totals;
  return (
    <Stack space="space.150">
      <Inline space="space.100" shouldWrap>
        <Rate id="coverage" label="Coverage" percent={t.coveragePercent} note={`${formatNumber(t.covered)} of ${formatNumber(t.requirements)} covered`} />
        <Rate id="pass" label="Passing" percent={t.passPercent} note={`${formatNumber(t.passing)} of ${formatNumber(t.requirements)} pass`} />
      </Inline>
      <Counts totals={t} />
      {view.index.building || t.indexing > 0 ? (
        <Text as="p" size="small" color="color.text.subtle">
          TestSync is still indexing results synced earlier: requirements not indexed yet are not counted as covered or passing.
        </Text>
      ) : null}
      <Attention view={view} siteUrl={siteUrl} />
      <TrendSection trend={view.trend} />
    </Stack>
  );
}

export function GadgetView({ config }: { config: GadgetConfig }) {
  const licenceInactive = useLicenceInactive();
  const siteUrl = useSiteUrl();
  const { data: view, error, load } = useLatestLoad(() => gadgetApi.readiness(config), [config.project, config.version, config.environment]);
  const { refresh, busy } = useAutoRefresh(load, REFRESH_MINUTES * 60_000, { gadgetEvents: true });

  if (licenceInactive) {
    return (
      <LicenceMessage
        audience="viewer"
        onCheckAgain={() => {
          forgetLicenceInactive();
          refresh();
        }}
      />
    );
  }
  const where = view?.version ? `${view.project} ${contextWords(view.version, view.environment)}` : config.project;
  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <Heading size="small" as="h2">
          {`Release readiness of ${where}`}
        </Heading>
        {view?.version ? (
          <Text as="p" size="small" color="color.text.subtle">
            {[
              view.followsNext ? 'The next release' : view.released ? 'Released' : 'Unreleased',
              view.environment ? `results on ${view.environment}` : 'results over every environment',
            ].join(' · ')}
          </Text>
        ) : null}
      </Stack>
      {error ? (
        <ErrorMessage
          error={error}
          title={view ? 'The gadget could not be refreshed; it shows what it had' : 'The release readiness could not be loaded'}
          actions={<Button onClick={refresh}>Try again</Button>}
        />
      ) : null}
      {!view && !error ? <Loading label="Loading the release readiness" /> : null}
      {view && !view.version ? (
        <EmptyState header={`${view.project} has no version to report on`} description="Create a version in the project's Releases and make it the fix version of the stories planned for it." headingLevel="h3" />
      ) : null}
      {view?.version ? <Figures view={view} siteUrl={siteUrl} /> : null}
      {view ? (
        <Inline space="space.100" alignBlock="center" spread="space-between">
          <Text as="p" size="small" color="color.text.subtle" testId="gadget-computed">
            <span>Computed at </span>
            <time dateTime={view.computedAt} title={formatDateTime(view.computedAt, { zone: true })}>
              {formatClock(view.computedAt)}
            </time>
            <span>{`; refreshed every ${REFRESH_MINUTES} minutes while shown.`}</span>
          </Text>
          <Button appearance="subtle" spacing="compact" onClick={refresh} isLoading={busy}>
            Refresh
          </Button>
        </Inline>
      ) : null}
    </Stack>
  );
}
