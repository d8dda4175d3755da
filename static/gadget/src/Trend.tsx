/**
 * The trend over the last syncs: a small sparkline of the pass rate (line) and the failing count (bars), with the
 * same figures as a table for screen readers and for reading exact values. Shown only when the app's latest count
 * is the viewer's own (see src/gadget/view.ts); otherwise the gadget says why it is hidden.
 */
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import type { GadgetTrend, GadgetTrendPoint } from '../../../src/resolvers/gadget-contract';
import { formatDateTime, formatNumber, formatPercent, plural } from '../../shared/format';

const W = 240;
/** The pass rate's band (0 to 100 %) above, the failing count's bars below. */
const LINE_TOP = 4;
const LINE_BOTTOM = 40;
const BARS_TOP = 48;
const BARS_BOTTOM = 70;
const H = 72;
const PAD = 4;

const passRate = (p: GadgetTrendPoint) => (p.requirements === 0 ? 0 : Math.round((p.passing * 1000) / p.requirements) / 10);

/** Where each point sits across the chart, a bar's half-width in from either side. */
function xs(n: number, inset: number): number[] {
  if (n === 1) return [W / 2];
  return Array.from({ length: n }, (_, i) => inset + (i * (W - 2 * inset)) / (n - 1));
}

function Sparkline({ points, titleId }: { points: GadgetTrendPoint[]; titleId: string }) {
  const maxFailing = Math.max(1, ...points.map((p) => p.failing));
  const barWidth = Math.max(2, Math.min(8, (W - 2 * PAD) / points.length - 2));
  const x = xs(points.length, PAD + barWidth / 2);
  const y = (rate: number) => LINE_BOTTOM - (rate / 100) * (LINE_BOTTOM - LINE_TOP);
  const barHeight = (failing: number) => (failing / maxFailing) * (BARS_BOTTOM - BARS_TOP);
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x[i].toFixed(1)},${y(passRate(p)).toFixed(1)}`).join(' ');
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    `Pass rate ${formatPercent(passRate(first))} to ${formatPercent(passRate(last))}, failing ${formatNumber(first.failing)} to ${formatNumber(last.failing)}, ` +
    `over the last ${plural(points.length, 'sync')}.`;
  return (
    <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${W} ${H}`} width="100%" height={H} preserveAspectRatio="none" data-testid="gadget-sparkline" style={{ maxWidth: 480, display: 'block' }}>
      <title id={titleId}>{summary}</title>
      {/* 100 % and 0 % of the pass rate, and the failing bars' baseline. */}
      <line x1={0} x2={W} y1={LINE_TOP} y2={LINE_TOP} stroke={token('color.border')} strokeWidth={1} strokeDasharray="2 3" vectorEffect="non-scaling-stroke" />
      <line x1={0} x2={W} y1={LINE_BOTTOM} y2={LINE_BOTTOM} stroke={token('color.border')} strokeWidth={1} vectorEffect="non-scaling-stroke" />
      <line x1={0} x2={W} y1={BARS_BOTTOM} y2={BARS_BOTTOM} stroke={token('color.border')} strokeWidth={1} vectorEffect="non-scaling-stroke" />
      <path d={line} fill="none" stroke={token('color.chart.success.bold')} strokeWidth={2} vectorEffect="non-scaling-stroke" />
      {points.length === 1 ? <circle cx={x[0]} cy={y(passRate(points[0]))} r={3} fill={token('color.chart.success.bold')} /> : null}
      {points.map((p, i) =>
        p.failing > 0 ? <rect key={`f${p.at}`} x={x[i] - barWidth / 2} width={barWidth} y={BARS_BOTTOM - barHeight(p.failing)} height={barHeight(p.failing)} fill={token('color.chart.danger.bold')} /> : null,
      )}
    </svg>
  );
}

function Legend({ last }: { last: GadgetTrendPoint }) {
  const swatch = (color: string, bar: boolean) => (
    <span aria-hidden style={{ display: 'inline-block', width: bar ? 8 : 14, height: bar ? 10 : 2, background: color, marginInlineEnd: token('space.050'), verticalAlign: 'middle' }} />
  );
  return (
    <Text as="p" size="small" color="color.text.subtle">
      {swatch(token('color.chart.success.bold'), false)}
      {`Pass rate, now ${formatPercent(passRate(last))}`}
      <span style={{ marginInlineStart: token('space.150') }}>
        {swatch(token('color.chart.danger.bold'), true)}
        {`Failing requirements, now ${formatNumber(last.failing)}`}
      </span>
    </Text>
  );
}

function TrendTable({ points }: { points: GadgetTrendPoint[] }) {
  const cell = { padding: `${token('space.025')} ${token('space.100')}`, textAlign: 'end' as const, borderBlockEnd: `${token('border.width')} solid ${token('color.border')}` };
  return (
    <details>
      <summary style={{ cursor: 'pointer', font: token('font.body.small'), color: token('color.link') }}>The trend as a table</summary>
      <table data-testid="gadget-trend-table" style={{ borderCollapse: 'collapse', font: token('font.body.small'), marginBlockStart: token('space.075') }}>
        <caption style={{ textAlign: 'start', font: token('font.body.small'), color: token('color.text.subtle'), margin: 0, paddingBlockEnd: token('space.050') }}>
          Each sync that changed coverage, oldest first
        </caption>
        <thead>
          <tr>
            {['Counted', 'Requirements', 'Passing', 'Pass rate', 'Failing', 'Blocked'].map((h) => (
              <th key={h} scope="col" style={{ ...cell, textAlign: h === 'Counted' ? 'start' : 'end' }}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.at}>
              <th scope="row" style={{ ...cell, textAlign: 'start', fontWeight: 'normal' }}>
                <time dateTime={p.at}>{formatDateTime(p.at)}</time>
              </th>
              <td style={cell}>{formatNumber(p.requirements)}</td>
              <td style={cell}>{formatNumber(p.passing)}</td>
              <td style={cell}>{formatPercent(passRate(p))}</td>
              <td style={cell}>{formatNumber(p.failing)}</td>
              <td style={cell}>{formatNumber(p.blocked)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function hiddenWords(trend: Extract<GadgetTrend, { state: 'hidden' }>): string {
  switch (trend.reason) {
    case 'fewer-requirements':
      return `The trend is hidden: TestSync counted ${plural(trend.counted, 'requirement')} at the last sync and you can see ${formatNumber(trend.seen)}, so it counts issues you cannot see.`;
    case 'hidden-tests':
      return 'The trend is hidden: it counts tests in projects you cannot browse, which your figures above leave out.';
    case 'indexing':
      return 'The trend is hidden while TestSync indexes results synced earlier.';
    case 'changed':
      return 'The trend is hidden until the next sync: the results changed since TestSync last counted them.';
  }
}

export function TrendSection({ trend }: { trend: GadgetTrend }) {
  const titleId = useId();
  return (
    <section aria-labelledby={`${titleId}-heading`} data-testid="gadget-trend" data-state={trend.state}>
      <Stack space="space.075">
        <Heading size="xxsmall" as="h3" id={`${titleId}-heading`}>
          Trend over the last syncs
        </Heading>
        {trend.state === 'shown' ? (
          <>
            <Sparkline points={trend.points} titleId={`${titleId}-title`} />
            <Legend last={trend.points[trend.points.length - 1]} />
            <TrendTable points={trend.points} />
          </>
        ) : (
          <Text as="p" size="small" color="color.text.subtle" testId="gadget-trend-message">
            {trend.state === 'pending'
              ? 'The trend starts after the next sync.'
              : trend.state === 'untracked'
                ? 'TestSync records the trend of a project’s next releases; this version has none.'
                : hiddenWords(trend)}
          </Text>
        )}
      </Stack>
    </section>
  );
}
