/** The details of a covering test, shown when its row is opened (a lazy chunk: most viewers never open one). */
import type { PanelTest } from '../../../src/resolvers/contract';
import { toolName } from '../../shared/format';
import { DateTime } from '../../shared/Time';
import { projectKeyOf } from './bugs/api';
import { useBugs } from './bugs/BugsContext';
import { CreateBug } from './bugs/CreateBug';
import { ExternalLink, IssueLink } from './ui/Links';
import { Lozenge } from './ui/StatusLozenge';

export default function RowDetails({ test, siteUrl, href }: { test: PanelTest; siteUrl?: string; href?: string }) {
  const tool = toolName(test.tool);
  const { createIn } = useBugs();
  const mayCreateBug = test.status === 'FAIL' && !!test.issueKey && createIn.includes(projectKeyOf(test.issueKey));
  return (
    <div className="tsp-details">
      {test.flaky ? (
        <Lozenge tone="warning" title="Results flip between pass and fail across recent runs">
          Flaky
        </Lozenge>
      ) : null}
      <dl>
        <div>
          <dt>In {tool}</dt>
          <dd>
            {test.displayId}
            {test.rawStatus ? ` · status “${test.rawStatus}”` : ''}
          </dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd>{test.lastRunAt ? <DateTime iso={test.lastRunAt} /> : 'Never'}</dd>
        </div>
        {test.cycle ? (
          <div>
            <dt>Cycle</dt>
            <dd>{test.cycle}</dd>
          </div>
        ) : null}
        {test.environment ? (
          <div>
            <dt>Environment</dt>
            <dd>{test.environment}</dd>
          </div>
        ) : null}
      </dl>
      {test.flaky ? <p>Its results flip between pass and fail across recent runs.</p> : null}
      {test.deletedInSource ? <p className="tsp-warning-text">This test was deleted in {tool}. Its issue is kept and no longer counts in coverage.</p> : null}
      <p className="tsp-details-links">
        {test.issueKey ? <IssueLink issueKey={test.issueKey} siteUrl={siteUrl}>Open {test.issueKey}</IssueLink> : null}
        {href && test.url ? (
          <ExternalLink href={href}>
            Open {test.displayId} in {tool}
          </ExternalLink>
        ) : null}
      </p>
      {mayCreateBug ? <CreateBug target={{ testIssueKey: test.issueKey }} label={`Create bug from ${test.issueKey}`} siteUrl={siteUrl} /> : null}
    </div>
  );
}
