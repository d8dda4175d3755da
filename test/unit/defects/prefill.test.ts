/**
 * The bug Jira's create dialog opens with: a one-line summary (the failing step when the tool reported it), and a
 * description Jira accepts — valid ADF, only http(s) links, each text clipped, within Jira's size limit.
 */
import { validator } from '@atlaskit/adf-utils/validator';
import { bugPrefill, bugSummary, BUG_TEXT_MAX, type BugSource } from '../../../src/defects/prefill';
import { DESCRIPTION_MAX, SUMMARY_MAX } from '../../../src/domain/limits';

let validate: ReturnType<typeof validator> | undefined;

/** Every schema problem of an ADF document (none for a document Jira accepts). */
function adfProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    // Built here, where the warning of Atlaskit's absent feature-gate client is silenced.
    validate ??= validator();
    validate(doc as never, (entity: { type: string }, error: { message: string }) => {
      problems.push(`${entity.type}: ${error.message}`);
      return undefined;
    });
  } finally {
    console.warn = warn;
  }
  return problems;
}

/** The document's text, one string per text node, in order. */
function texts(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as { type?: string; text?: string; content?: unknown[] };
  return [...(n.type === 'text' && n.text !== undefined ? [n.text] : []), ...(n.content ?? []).flatMap(texts)];
}

function links(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as { marks?: { type: string; attrs?: { href?: string } }[]; content?: unknown[] };
  return [...(n.marks ?? []).filter((m) => m.type === 'link').map((m) => m.attrs?.href ?? ''), ...(n.content ?? []).flatMap(links)];
}

const source = (over: Partial<BugSource['test']> = {}, rest: Omit<BugSource, 'test'> = {}): BugSource => ({
  test: {
    issueKey: 'SHOP-14',
    tool: 'qtest',
    displayId: 'TC-3',
    name: 'Checkout with a saved card',
    url: 'https://demo.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=3',
    steps: [
      { index: 1, action: 'Open the cart', expected: 'The cart lists the item' },
      { index: 2, action: 'Pay with the saved card', data: 'VISA 4111', expected: 'The order is confirmed' },
    ],
    ...over,
  },
  run: { status: 'FAIL', rawStatus: 'Failed', executedAt: '2026-11-19T14:03:27.000Z', version: '3.2', cycle: 'Release 3.2', environment: 'Chrome' },
  ...rest,
});

describe('bug pre-fill', () => {
  it('describes the failed run in valid ADF: steps to reproduce, expected and actual, the run, and a link to the test in its tool', () => {
    const { summary, description } = bugPrefill(source());
    expect(summary).toBe('Test fails: Checkout with a saved card');
    expect(adfProblems(description)).toEqual([]);
    // The check itself finds what Jira refuses: an empty text node.
    expect(adfProblems({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).not.toEqual([]);
    const words = texts(description).join('\n');
    for (const expected of ['Steps to reproduce', 'Pay with the saved card', 'VISA 4111', 'The order is confirmed', 'Expected and actual result', 'the run ended “Failed” in qTest.']) {
      expect(words).toContain(expected);
    }
    for (const fact of ['Failed (FAIL)', '2026-11-19 14:03 UTC', '3.2', 'Release 3.2', 'Chrome']) expect(words).toContain(fact);
    expect(words).toContain('Found by test SHOP-14 (');
    expect(links(description)).toEqual(['https://demo.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=3']);
  });

  it('names the failing step in the summary and sets its expected result against the actual one, when the tool reported step results', () => {
    const withStep = source({}, { run: source().run, failedStep: { index: 2, actual: 'The payment page shows "Card declined"' } });
    const { summary, description } = bugPrefill(withStep);
    expect(summary).toBe('Test fails at step 2 (Pay with the saved card): Checkout with a saved card');
    const words = texts(description).join('\n');
    expect(words).toContain('Expected (step 2): \nThe order is confirmed');
    expect(words).toContain('Actual: \nThe payment page shows "Card declined"');
    expect(adfProblems(description)).toEqual([]);
  });

  it('drops a link that is not http(s), keeping the test’s id as plain text', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative/path', '']) {
      const { description } = bugPrefill(source({ url }));
      expect(links(description)).toEqual([]);
      expect(texts(description).join('')).toContain('TC-3 in qTest');
      expect(adfProblems(description)).toEqual([]);
    }
  });

  it('keeps the summary to one line of at most 255 characters', () => {
    const summary = bugSummary(source({ name: `Checkout\r\nwith\ta card ${'x'.repeat(400)}` }));
    expect(summary.length).toBe(SUMMARY_MAX);
    expect(summary).not.toMatch(/[\r\n\t]/);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary.startsWith('Test fails: Checkout with a card x')).toBe(true);
  });

  it('clips long step texts and leaves out trailing steps that do not fit Jira’s description limit, saying so', () => {
    const long = 'y'.repeat(BUG_TEXT_MAX * 3);
    const steps = Array.from({ length: 40 }, (_, i) => ({ index: i + 1, action: `Step ${i + 1} ${long}`, expected: long }));
    const { description } = bugPrefill(source({ steps }));
    expect(JSON.stringify(description).length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(adfProblems(description)).toEqual([]);
    const words = texts(description);
    expect(Math.max(...words.map((w) => w.length))).toBeLessThanOrEqual(BUG_TEXT_MAX);
    const note = words.find((w) => /^Steps \d+ to 40 are not shown: they do not fit in Jira's description\. See every step in qTest\.$/.test(w));
    expect(note).toBeDefined();
    const shown = Number(/^Steps (\d+)/.exec(note!)![1]) - 1;
    expect(shown).toBeGreaterThan(0);
    expect(words.some((w) => w.startsWith(`Step ${shown} `))).toBe(true);
    expect(words.some((w) => w.startsWith(`Step ${shown + 1} `))).toBe(false);
  });

  it('says so when the test has no steps or never ran, still in valid ADF', () => {
    const { summary, description } = bugPrefill({ test: source({ steps: [] }).test });
    expect(summary).toBe('Test fails: Checkout with a saved card');
    const words = texts(description).join('\n');
    expect(words).toContain('The test has no steps in qTest.');
    expect(words).toContain('the test fails in qTest.');
    expect(texts(description)).not.toContain('Run');
    expect(adfProblems(description)).toEqual([]);
  });
});
