/** The totals at the top: how many requirements, how much of them is covered and passing, and how many in each state. */
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import type { TraceTotals } from '../../../src/traceability/report';
import { formatNumber } from '../../shared/format';

interface Figure {
  id: string;
  label: string;
  value: string;
  note?: string;
  tone?: 'danger' | 'warning';
}

function Tile({ figure }: { figure: Figure }) {
  const color = figure.tone === 'danger' ? token('color.text.danger') : figure.tone === 'warning' ? token('color.text.warning') : token('color.text');
  return (
    <Box
      padding="space.150"
      testId={`total-${figure.id}`}
      style={{ minWidth: 120, border: `${token('border.width')} solid ${token('color.border')}`, borderRadius: token('radius.medium'), background: token('elevation.surface.raised') }}
    >
      <Stack space="space.050">
        <Text size="small" color="color.text.subtle" weight="semibold">
          {figure.label}
        </Text>
        <span style={{ font: token('font.heading.medium'), color }} data-testid={`total-${figure.id}-value`}>
          {figure.value}
        </span>
        {figure.note ? (
          <Text size="small" color="color.text.subtle">
            {figure.note}
          </Text>
        ) : null}
      </Stack>
    </Box>
  );
}

export function Totals({ totals }: { totals: TraceTotals }) {
  const n = formatNumber;
  const pct = (v: number) => `${formatNumber(v, v % 1 === 0 ? 0 : 1)} %`;
  const figures: Figure[] = [
    { id: 'requirements', label: 'Requirements', value: n(totals.requirements) },
    { id: 'coverage', label: 'Coverage', value: pct(totals.coveragePercent), note: `${n(totals.covered)} of ${n(totals.requirements)} covered` },
    { id: 'pass', label: 'Passing', value: pct(totals.passPercent), note: `${n(totals.passing)} of ${n(totals.requirements)} pass` },
    { id: 'failing', label: 'Failing', value: n(totals.failing), ...(totals.failing > 0 ? { tone: 'danger' as const } : {}) },
    { id: 'blocked', label: 'Blocked', value: n(totals.blocked), ...(totals.blocked > 0 ? { tone: 'warning' as const } : {}) },
    { id: 'not-run', label: 'Not run', value: n(totals.notRun) },
    { id: 'partial', label: 'Partly run', value: n(totals.partial) },
    { id: 'uncovered', label: 'Uncovered', value: n(totals.uncovered) },
  ];
  if (totals.indexing > 0) figures.push({ id: 'indexing', label: 'Not indexed yet', value: n(totals.indexing) });
  return (
    <section aria-label="Totals">
      <Inline space="space.150" shouldWrap alignBlock="stretch">
        {figures.map((f) => (
          <Tile key={f.id} figure={f} />
        ))}
      </Inline>
    </section>
  );
}
