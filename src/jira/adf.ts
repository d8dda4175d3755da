/**
 * The description of a synced test issue, in Atlassian Document Format, kept within Jira's size limit: when
 * the steps do not fit, the trailing ones are left out with a note that says so.
 */
import { doc, heading, p, table, tableCell, tableHeader, tableRow, text, link } from '@atlaskit/adf-utils/builders';
import { TOOL_LABELS, type TestCase } from '../domain/model';
import { clip, DESCRIPTION_MAX, safeUrl } from '../domain/limits';

type Block = ReturnType<typeof p> | ReturnType<ReturnType<typeof heading>> | ReturnType<typeof table>;

/** Longest text taken from one free-text field of the tool. */
const TEXT_MAX = 8_000;

/** A paragraph per line of text, cut to `max` characters; ADF allows no empty text nodes. */
export function textParagraphs(value: string | undefined, max = TEXT_MAX): ReturnType<typeof p>[] {
  return clip(value ?? '', max)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => p(line));
}

const paragraphs = (value: string | undefined): Block[] => textParagraphs(value);

function cell(value: string | undefined, max: number) {
  const content = value && value.trim() ? textParagraphs(value, max) : [p()];
  return tableCell({})(...content);
}

function header(label: string) {
  return tableHeader({})(p(label));
}

/** A test's first `shown` steps as a table: #, action, data, expected result (each cell cut to `max`). */
export function stepsTable(steps: { index: number; action: string; data?: string; expected: string }[], shown: number, max = TEXT_MAX) {
  return table(
    tableRow([header('#'), header('Action'), header('Data'), header('Expected result')]),
    ...steps.slice(0, shown).map((s) => tableRow([cell(String(s.index), max), cell(s.action, max), cell(s.data, max), cell(s.expected, max)])),
  );
}

function build(tc: TestCase, stepsShown: number) {
  const blocks: Block[] = [];
  blocks.push(...paragraphs(tc.description));
  if (tc.precondition?.trim()) {
    blocks.push(heading({ level: 3 })(text('Preconditions')), ...paragraphs(tc.precondition));
  }
  const tool = TOOL_LABELS[tc.tool];
  if (tc.steps.length > 0) {
    blocks.push(heading({ level: 3 })(text('Steps')));
    if (stepsShown > 0) {
      blocks.push(stepsTable(tc.steps, stepsShown));
    }
    if (stepsShown < tc.steps.length) {
      blocks.push(
        p(
          `Steps ${stepsShown + 1} to ${tc.steps.length} of ${tc.steps.length} are not shown: they do not fit in Jira's ` +
            `description limit of ${DESCRIPTION_MAX.toLocaleString('en')} characters. See every step in ${tool}.`,
        ),
      );
    }
  }
  const url = safeUrl(tc.url);
  blocks.push(
    p(
      text(`Synced by TestSync from ${tool} `),
      url ? link({ href: url })(text(tc.displayId)) : text(tc.displayId),
      text('. Edit the test in the tool; changes made here are overwritten by the next sync.'),
    ),
  );
  return doc(...(blocks as ReturnType<typeof p>[]));
}

const size = (value: unknown) => JSON.stringify(value).length;

export function testCaseDescription(tc: TestCase) {
  const full = build(tc, tc.steps.length);
  if (size(full) <= DESCRIPTION_MAX) return full;
  // The most steps that fit: binary search on the number shown.
  let lo = 0;
  let hi = tc.steps.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(build(tc, mid)) <= DESCRIPTION_MAX) lo = mid;
    else hi = mid - 1;
  }
  return build(tc, lo);
}
