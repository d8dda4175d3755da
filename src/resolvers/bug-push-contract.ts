/**
 * The panel's view of a bug written to its tool (src/defects/tool-push.ts), beside the panel's contract
 * (./contract/): what each bug on a test's or a story's panel says of it, and `retryBugPush`, which writes a failed one again.
 * Types and one input schema only, so the panel's bundle takes the types and no runtime code.
 */
import { z } from 'zod';
import type { PanelBug, RecordBugAnswer } from './contract';

/**
 * How far a bug got into its run in the test's tool: `pushed` (where the tool holds it), or `failed` with the cause
 * and what to do. A bug whose connection does not write defects has none.
 */
export type PanelBugPush = NonNullable<RecordBugAnswer['toolPush']>;

/**
 * A bug as a test's panel lists it: with `toolPush` when the test's connection writes defects and the app tried to
 * write the bug (a story's panel, and bugs recorded while writing was off, have none).
 */
export interface PanelBugWithPush extends PanelBug {
  toolPush?: PanelBugPush;
}

/** `retryBugPush`: a bug recorded for the test (the panel's issue, or the one named) to write to its tool again. */
export const RetryBugPushInput = z.object({
  bugIssueId: z.string().regex(/^\d{1,18}$/, 'must be the id of the bug'),
  testIssueKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'must be an issue key such as SHOP-12')
    .optional(),
});

export interface RetryBugPushAnswer {
  bugIssueId: string;
  bugKey: string;
  /** What the attempt came to; a bug already written answers `pushed` and nothing is written again. */
  toolPush: PanelBugPush;
}
