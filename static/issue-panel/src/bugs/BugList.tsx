/**
 * The bugs created from failed tests: key, summary and status as Jira has them, and on a story the test each came
 * from. When a bug's connection writes defects, each bug the app tried to write to its run in the tool says how that
 * went, on the test's panel and on its stories': "In qTest", or "Not written to qTest: <cause>" with Retry for a user
 * who may create bugs in the test's project.
 */
import './bugs.css';
import { useState } from 'react';
import { TOOL_LABELS } from '../../../../src/domain/model';
import type { PanelBugWithPush } from '../../../../src/resolvers/bug-push-contract';
import { toDisplayError } from '../../../shared/bridge';
import { describeError } from '../errors';
import type { Tone } from '../status';
import { Button } from '../ui/Button';
import { IssueLink } from '../ui/Links';
import { Lozenge } from '../ui/StatusLozenge';
import { bugApi, projectKeyOf } from './api';
import { useBugs } from './BugsContext';

const CATEGORY_TONE: Record<string, Tone> = { new: 'neutral', indeterminate: 'information', done: 'success' };

/** Refusals of a retry whose message says what to do: shown as they are. */
const SAID = new Set(['CANNOT_CREATE_ISSUES', 'CANNOT_LINK_ISSUES', 'BUG_NOT_FOUND', 'BUG_NOT_RECORDED', 'WRITE_DEFECTS_OFF', 'CONNECTION_UNAVAILABLE', 'NOT_FOUND', 'FORBIDDEN']);

const sentence = (text: string) => text.trim().replace(/[.\s]+$/, '');

/** Whether the bug reached its run in the tool, and Retry when it did not. Said again (politely) when a retry changes it. */
function BugPush({ bug }: { bug: PanelBugWithPush }) {
  const { createIn, onPushed } = useBugs();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const push = bug.toolPush;
  if (!push) return null;
  const tool = TOOL_LABELS[push.tool] ?? push.tool;
  const mayRetry = createIn.includes(projectKeyOf(bug.testIssueKey));

  async function retry() {
    setBusy(true);
    setProblem(undefined);
    try {
      onPushed(await bugApi.retryPush(bug.issueId, bug.testIssueKey));
    } catch (e) {
      const { code, message } = toDisplayError(e);
      setProblem(SAID.has(code) ? message : describeError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="tsp-bug-push" data-state={push.state} role="status">
        {push.state === 'pushed' ? (
          <Lozenge tone="success" title={push.linkedTo ? `Linked to ${push.linkedTo} in ${tool}` : undefined}>
            In {tool}
          </Lozenge>
        ) : (
          <>
            <span className="tsp-warning-text tsp-bug-push-cause">
              Not written to {tool}: {sentence(push.cause ?? 'the tool refused it')}.{push.fix ? <span className="tsp-note"> {push.fix}</span> : null}
            </span>
            {mayRetry ? (
              <Button spacing="compact" onClick={() => void retry()} isLoading={busy} disabled={busy} aria-label={`Retry writing ${bug.key} to ${tool}`}>
                Retry
              </Button>
            ) : null}
          </>
        )}
      </div>
      {problem ? (
        <p role="alert" className="tsp-warning-text tsp-bug-push-problem">
          {problem}
        </p>
      ) : null}
    </>
  );
}

function BugRow({ bug, siteUrl, showTest }: { bug: PanelBugWithPush; siteUrl?: string; showTest: boolean }) {
  return (
    <li className="tsp-bug" data-bug={bug.key}>
      <IssueLink issueKey={bug.key} siteUrl={siteUrl} />
      <span className="tsp-bug-summary">{bug.summary}</span>
      <Lozenge tone={CATEGORY_TONE[bug.statusCategory ?? ''] ?? 'neutral'}>{bug.status}</Lozenge>
      {showTest ? (
        <span className="tsp-note">
          from <IssueLink issueKey={bug.testIssueKey} siteUrl={siteUrl} />
        </span>
      ) : null}
      <BugPush bug={bug} />
    </li>
  );
}

/** The section, when there is something to show: bugs, or why they could not be read. */
export function BugList({ siteUrl, showTest, title }: { siteUrl?: string; showTest: boolean; title: string }) {
  const { items, problem } = useBugs();
  if (items.length === 0 && !problem) return null;
  return (
    <section className="tsp-bugs" aria-label={title}>
      <h3 className="tsp-bugs-title">
        {title} ({items.length})
      </h3>
      {problem ? <p className="tsp-warning-text">{problem}</p> : null}
      {items.length > 0 ? (
        <ul className="tsp-bug-list">
          {items.map((bug) => (
            <BugRow key={bug.issueId} bug={bug} siteUrl={siteUrl} showTest={showTest} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
