/**
 * A story's defects where its readiness is counted (the version and environment shown, or the latest results): those
 * linked to it in Jira and those the test tools link to the latest run there of a covering test, each once, with its
 * key, summary and status as Jira has them and where it is linked. An open one blocks the story.
 */
import './bugs/bugs.css';
import { defectLinksWords, type RequirementDefect } from '../../../src/domain/readiness';
import { formatNumber } from '../../shared/format';
import { IssueLink } from './ui/Links';
import { Lozenge } from './ui/StatusLozenge';

export function RequirementDefects({ defects, siteUrl }: { defects: RequirementDefect[]; siteUrl?: string }) {
  if (defects.length === 0) return null;
  const open = defects.filter((d) => d.open).length;
  return (
    <section className="tsp-bugs" aria-label="Defects" data-testid="requirement-defects">
      <h3 className="tsp-bugs-title">
        Defects ({defects.length}){open > 0 ? `, ${formatNumber(open)} open` : ''}
      </h3>
      <ul className="tsp-bug-list">
        {defects.map((d) => (
          <li key={d.key} className="tsp-bug" data-defect={d.key} data-open={d.open}>
            <IssueLink issueKey={d.key} siteUrl={siteUrl} />
            <span className="tsp-bug-summary">{d.summary}</span>
            {d.status ? <Lozenge tone={d.open ? 'warning' : 'success'}>{d.status}</Lozenge> : null}
            <span className="tsp-note">{defectLinksWords(d.links)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
