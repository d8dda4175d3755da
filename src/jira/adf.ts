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

/** A paragraph per line of text; ADF allows no empty text nodes. */
function paragraphs(value: string | undefined): Block[] {
  return clip(value ?? '', TEXT_MAX)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => p(line));
}

function cell(value: string | undefined) {
  const content = value && value.trim() ? paragraphs(value) : [p()];
  return tableCell({})(...(content as ReturnType<typeof p>[]));
}

function header(label: string) {
  return tableHeader({})(p(label));
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
      blocks.push(
        table(
          tableRow([header('#'), header('Action'), header('Data'), header('Expected result')]),
          ...tc.steps.slice(0, stepsShown).map((s) => tableRow([cell(String(s.index)), cell(s.action), cell(s.data), cell(s.expected)])),
        ),
      );
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
