/**
 * "Create bug" on a failed test: asks the backend for the draft (the project's Bug type, summary, description),
 * opens Jira's own create dialog with it (CreateIssueModal of @forge/jira-bridge, loaded on first use), and once
 * the dialog created the issue, has it linked to the test and its requirements and recorded. Says what happened:
 * the bug and what it is linked to, or why not (no permission, no Bug type), in words for a tester.
 */
import { useState } from 'react';
import type { RecordBugAnswer } from '../../../../src/resolvers/contract';
import { toDisplayError } from '../../../shared/bridge';
import { describeError } from '../errors';
import { Button } from '../ui/Button';
import { IssueLink } from '../ui/Links';
import { toolName } from '../../../shared/format';
import { bugApi, type BugTarget } from './api';
import { useBugs } from './BugsContext';

/** Refusals whose message says what to do: shown as they are. */
const SAID = new Set(['CANNOT_CREATE_ISSUES', 'CANNOT_LINK_ISSUES', 'NO_BUG_TYPE', 'NO_FAILED_RUN', 'BUG_NOT_FOUND']);

function problemWords(e: unknown): string {
  const { code, message } = toDisplayError(e);
  if (SAID.has(code)) return message;
  if (code === 'CREATE_DIALOG') return message;
  return describeError(e).message;
}

/** Opens Jira's create dialog; answers the created issue's id, or undefined when it was cancelled. */
async function createInJira(context: Record<string, unknown>): Promise<string | undefined> {
  const { CreateIssueModal } = await import('@forge/jira-bridge');
  return new Promise<string | undefined>((resolve, reject) => {
    const modal = new CreateIssueModal({ context, onClose: ({ payload }) => resolve(payload?.[0]?.issueId) });
    modal.open().catch(() => reject(Object.assign(new Error('Jira’s create dialog could not be opened. Reload the page and try again.'), { name: 'CREATE_DIALOG' })));
  });
}

type State = { step: 'idle' } | { step: 'busy' } | { step: 'done'; answer: RecordBugAnswer } | { step: 'failed'; message: string };

/** What became of writing the bug to its run in the tool: linked there, or not written and why. */
function ToolPushNote({ push }: { push: RecordBugAnswer['toolPush'] }) {
  if (!push) return null;
  const tool = toolName(push.tool);
  if (push.state === 'pushed') return <>Also linked to its run in {tool}{push.linkedTo ? ` (${push.linkedTo})` : ''}.</>;
  return (
    <span className="tsp-warning-text">
      Not written to {tool}: {push.cause}.{push.fix ? ` ${push.fix}` : ''}
    </span>
  );
}

export function CreateBug({ target, label = 'Create bug', siteUrl }: { target: BugTarget; label?: string; siteUrl?: string }) {
  const { onRecorded } = useBugs();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [stepNote, setStepNote] = useState<string>();

  async function start() {
    setState({ step: 'busy' });
    setStepNote(undefined);
    try {
      const draft = await bugApi.draft(target);
      setStepNote(draft.stepNote);
      const created = await createInJira(draft.context);
      if (!created) {
        setState({ step: 'idle' });
        return;
      }
      const answer = await bugApi.record(created, { ...target, runId: draft.runId });
      onRecorded(answer);
      setState({ step: 'done', answer });
    } catch (e) {
      setState({ step: 'failed', message: problemWords(e) });
    }
  }

  return (
    <div className="tsp-create-bug">
      <Button onClick={() => void start()} isLoading={state.step === 'busy'} disabled={state.step === 'busy'}>
        {label}
      </Button>
      <span role="status" className="tsp-note">
        {state.step === 'done' ? (
          <>
            <IssueLink issueKey={state.answer.bug.key} siteUrl={siteUrl} /> {state.answer.alreadyRecorded ? 'was already recorded' : 'created'} and linked to{' '}
            {state.answer.linkedTo.join(', ')}.{' '}
            <ToolPushNote push={state.answer.toolPush} />
          </>
        ) : null}
        {stepNote && state.step !== 'busy' ? <span className="tsp-warning-text"> {stepNote}</span> : null}
      </span>
      {state.step === 'failed' ? (
        <p role="alert" className="tsp-warning-text">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
