/**
 * The description of a synced test issue, in Atlassian Document Format.
 */
import { doc, heading, p, table, tableCell, tableHeader, tableRow, text, link } from '@atlaskit/adf-utils/builders';
import { TOOL_LABELS, type TestCase } from '../domain/model';

type Block = ReturnType<typeof p> | ReturnType<ReturnType<typeof heading>> | ReturnType<typeof table>;

/** A paragraph per line of text; ADF allows no empty text nodes. */
function paragraphs(value: string | undefined): Block[] {
  return (value ?? '')
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

export function testCaseDescription(tc: TestCase) {
  const blocks: Block[] = [];
  blocks.push(...paragraphs(tc.description));
  if (tc.precondition?.trim()) {
    blocks.push(heading({ level: 3 })(text('Preconditions')), ...paragraphs(tc.precondition));
  }
  if (tc.steps.length > 0) {
    blocks.push(heading({ level: 3 })(text('Steps')));
    blocks.push(
      table(
        tableRow([header('#'), header('Action'), header('Data'), header('Expected result')]),
        ...tc.steps.map((s) => tableRow([cell(String(s.index)), cell(s.action), cell(s.data), cell(s.expected)])),
      ),
    );
  }
  blocks.push(
    p(
      text(`Synced by TestSync from ${TOOL_LABELS[tc.tool]} `),
      link({ href: tc.url })(text(tc.displayId)),
      text('. Edit the test in the tool; changes made here are overwritten by the next sync.'),
    ),
  );
  return doc(...(blocks as ReturnType<typeof p>[]));
}
