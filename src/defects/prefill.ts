/**
 * What Jira's create dialog opens with for a bug from a failed test: a one-line summary and a description in
 * Atlassian Document Format with the steps to reproduce (the test's steps), expected against actual where known,
 * where and when the run happened, and a link to the test in its tool. Built the way src/jira/adf.ts builds a
 * test's description: no empty text node, only http(s) links, each text clipped, and the whole kept within
 * Jira's description limit by leaving out trailing steps with a note that says so.
 */
import { bulletList, doc, heading, link, listItem, p, strong, text } from '@atlaskit/adf-utils/builders';
import { stepsTable } from '../jira/adf';
import { TOOL_LABELS, type CanonicalStatus, type TestStep, type Tool } from '../domain/model';
import { clip, DESCRIPTION_MAX, safeUrl, SUMMARY_MAX } from '../domain/limits';

/** Longest text taken from one step field or one run fact. */
export const BUG_TEXT_MAX = 2_000;

export interface BugSource {
  test: {
    /** The test's Jira issue. */
    issueKey: string;
    tool: Tool;
    /** The test's id in its tool, e.g. `TC-12`. */
    displayId: string;
    name: string;
    /** The test in its tool. */
    url: string;
    steps: TestStep[];
    /** The steps were cut to fit the test's stored record. */
    stepsTruncated?: boolean;
  };
  /** The failed run the bug is about, when the test ran. */
  run?: {
    status: CanonicalStatus;
    /** The tool's own status name, e.g. "Failed". */
    rawStatus: string;
    executedAt?: string;
    version?: string;
    cycle?: string;
    environment?: string;
  };
  /**
   * The step that failed and what it did instead, when the tool reported step results (read from the tool when the bug
   * is created: src/defects/step-results.ts). `index` counts the test's steps from 1; `status` is the step's canonical
   * status (FAIL unless said: a step that was blocked).
   */
  failedStep?: { index: number; actual?: string; status?: 'FAIL' | 'BLOCKED' };
}

export interface BugPrefill {
  summary: string;
  description: ReturnType<typeof doc>;
}

type Block = ReturnType<typeof p>;

/** Text on one line (a summary may hold no line break), with runs of white space made one space. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** "2026-11-19 14:03 UTC": one reading for every viewer of the bug, whatever their time zone. */
export function utcWords(iso: string): string | undefined {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function bugSummary(source: BugSource): string {
  const name = oneLine(source.test.name) || source.test.displayId;
  const failed = source.failedStep;
  if (!failed) return clip(`Test fails: ${name}`, SUMMARY_MAX);
  // A step beyond those TestSync keeps of the test is named by its number alone.
  const action = oneLine(source.test.steps.find((s) => s.index === failed.index)?.action ?? '');
  return clip(`Test fails at step ${failed.index}${action ? ` (${action})` : ''}: ${name}`, SUMMARY_MAX);
}

/** What a failing step did, in words, when the tool has no actual result written for it. */
const stepOutcome = (failed: NonNullable<BugSource['failedStep']>) => `step ${failed.index} ${failed.status === 'BLOCKED' ? 'was blocked' : 'failed'}`;

/** A fact of the run as a list item, "Label: value", when it has a value. */
function fact(label: string, value: string | undefined) {
  const shown = value ? oneLine(clip(value, BUG_TEXT_MAX)) : '';
  return shown ? [listItem([p(strong(`${label}: `), text(shown))])] : [];
}

function build(source: BugSource, stepsShown: number) {
  const { test, run, failedStep } = source;
  const tool = TOOL_LABELS[test.tool];
  const url = safeUrl(test.url);
  const blocks: Block[] = [];
  blocks.push(
    p(
      text(`Found by test ${test.issueKey} (`),
      url ? link({ href: url })(text(`${test.displayId} in ${tool}`)) : text(`${test.displayId} in ${tool}`),
      text(`): ${oneLine(clip(test.name, BUG_TEXT_MAX)) || test.displayId}.`),
    ),
  );

  blocks.push(heading({ level: 3 })(text('Steps to reproduce')) as unknown as Block);
  if (test.steps.length === 0) {
    blocks.push(p(`The test has no steps in ${tool}.`));
  } else {
    if (stepsShown > 0) {
      blocks.push(stepsTable(test.steps, stepsShown, BUG_TEXT_MAX) as unknown as Block);
    }
    const left = test.steps.length - stepsShown;
    if (left > 0) {
      blocks.push(p(`Steps ${stepsShown + 1} to ${test.steps.length} are not shown: they do not fit in Jira's description. See every step in ${tool}.`));
    } else if (test.stepsTruncated) {
      blocks.push(p(`The test has more steps in ${tool} than TestSync keeps; see every step there.`));
    }
  }

  const step = failedStep ? test.steps.find((s) => s.index === failedStep.index) : undefined;
  blocks.push(heading({ level: 3 })(text('Expected and actual result')) as unknown as Block);
  if (failedStep) {
    const expected = step
      ? oneLine(clip(step.expected, BUG_TEXT_MAX)) || 'no expected result is written'
      : `step ${failedStep.index} is not among the steps TestSync keeps of the test; see it in ${tool}.`;
    blocks.push(p(strong(`Expected (step ${failedStep.index}): `), text(expected)));
    const actual = failedStep.actual ? oneLine(clip(failedStep.actual, BUG_TEXT_MAX)) : '';
    blocks.push(p(strong('Actual: '), text(actual || stepOutcome(failedStep))));
  } else {
    blocks.push(p(strong('Expected: '), text('every step gives its expected result above.')));
    blocks.push(p(strong('Actual: '), text(run ? `the run ended “${oneLine(run.rawStatus) || run.status}” in ${tool}.` : `the test fails in ${tool}.`)));
  }

  if (run) {
    const items = [
      ...fact('Result', run.rawStatus && run.rawStatus !== run.status ? `${run.rawStatus} (${run.status})` : run.status),
      ...fact('When', run.executedAt ? utcWords(run.executedAt) : undefined),
      ...fact('Version', run.version),
      ...fact('Cycle', run.cycle),
      ...fact('Environment', run.environment),
    ];
    blocks.push(heading({ level: 3 })(text('Run')) as unknown as Block, bulletList(...items) as unknown as Block);
  }
  return doc(...blocks);
}

const size = (value: unknown) => JSON.stringify(value).length;

export function bugPrefill(source: BugSource): BugPrefill {
  const summary = bugSummary(source);
  const steps = source.test.steps.length;
  const full = build(source, steps);
  if (size(full) <= DESCRIPTION_MAX) return { summary, description: full };
  // The most steps that fit: binary search on the number shown.
  let lo = 0;
  let hi = steps - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(build(source, mid)) <= DESCRIPTION_MAX) lo = mid;
    else hi = mid - 1;
  }
  return { summary, description: build(source, lo) };
}
