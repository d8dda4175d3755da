/**
 * Which step a bug names as failing, from the step results a tool reported: each step's status mapped through the
 * connection's status mapping as a run's is, the first FAIL, else the first BLOCKED; and how the draft says it.
 */
import { bugPrefill, type BugSource } from '../../../src/defects/prefill';
import { failingStepOf } from '../../../src/defects/step-results';
import { effectiveMapping } from '../../../src/domain/status';

const texts = (node: unknown): string[] => {
  if (!node || typeof node !== 'object') return [];
  const n = node as { type?: string; text?: string; content?: unknown[] };
  return [...(n.type === 'text' && n.text !== undefined ? [n.text] : []), ...(n.content ?? []).flatMap(texts)];
};

describe('the failing step of a run', () => {
  const qtest = effectiveMapping('qtest');

  it('is the first step that failed, with what it did instead', () => {
    const steps = [
      { index: 1, status: 'Passed' },
      { index: 2, status: 'Blocked', actual: 'No network' },
      { index: 3, status: 'Failed', actual: 'Shows "Card declined"' },
      { index: 4, status: 'Failed' },
    ];
    expect(failingStepOf(steps, qtest)).toEqual({ index: 3, status: 'FAIL', actual: 'Shows "Card declined"' });
  });

  it('is the first blocked step when none failed, and none when every step passed or was not run', () => {
    expect(failingStepOf([{ index: 1, status: 'Passed' }, { index: 2, status: 'blocked' }], qtest)).toEqual({ index: 2, status: 'BLOCKED' });
    expect(failingStepOf([{ index: 1, status: 'Passed' }, { index: 2, status: 'Unexecuted' }], qtest)).toBeUndefined();
    expect(failingStepOf([], qtest)).toBeUndefined();
  });

  it('maps each status through the connection’s mapping, the admin’s own entries included; an unmapped one fails nothing', () => {
    const steps = [{ index: 1, status: 'Retest' }, { index: 2, status: 'Broken' }];
    expect(failingStepOf(steps, qtest)).toBeUndefined();
    expect(failingStepOf(steps, effectiveMapping('qtest', { Broken: 'FAIL' }))).toEqual({ index: 2, status: 'FAIL' });
  });
});

describe('the failing step in the draft', () => {
  const source = (failedStep: BugSource['failedStep']): BugSource => ({
    test: {
      issueKey: 'SHOP-14',
      tool: 'xray',
      displayId: 'QA-3',
      name: 'Checkout with a saved card',
      url: 'https://demo.atlassian.net/browse/QA-3',
      steps: [
        { index: 1, action: 'Open the cart', expected: 'The cart lists the item' },
        { index: 2, action: 'Pay with the saved card', expected: 'The order is confirmed' },
      ],
    },
    run: { status: 'FAIL', rawStatus: 'FAILED' },
    failedStep,
  });

  it('says a blocked step was blocked when the tool wrote no actual result', () => {
    const { summary, description } = bugPrefill(source({ index: 1, status: 'BLOCKED' }));
    expect(summary).toBe('Test fails at step 1 (Open the cart): Checkout with a saved card');
    expect(texts(description).join('\n')).toContain('Actual: \nstep 1 was blocked');
  });

  it('names a step beyond those TestSync keeps by its number, with its actual result', () => {
    const { summary, description } = bugPrefill(source({ index: 7, status: 'FAIL', actual: 'The total shows 0.00' }));
    expect(summary).toBe('Test fails at step 7: Checkout with a saved card');
    const words = texts(description).join('\n');
    expect(words).toContain('Expected (step 7): \nstep 7 is not among the steps TestSync keeps of the test; see it in Xray Cloud.');
    expect(words).toContain('Actual: \nThe total shows 0.00');
  });
});
