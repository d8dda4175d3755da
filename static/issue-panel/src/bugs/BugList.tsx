/** The bugs created from failed tests: key, summary and status as Jira has them, and on a story the test each came from. */
import './bugs.css';
import type { PanelBug } from '../../../../src/resolvers/contract';
import type { Tone } from '../status';
import { IssueLink } from '../ui/Links';
import { Lozenge } from '../ui/StatusLozenge';
import { useBugs } from './BugsContext';

const CATEGORY_TONE: Record<string, Tone> = { new: 'neutral', indeterminate: 'information', done: 'success' };

function BugRow({ bug, siteUrl, showTest }: { bug: PanelBug; siteUrl?: string; showTest: boolean }) {
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
