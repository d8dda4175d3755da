/**
 * One covering test in one compact row: status, name, key, tool and when it last ran. The name opens the
 * details (loaded on first use). On a narrow panel the tool and time join the key under the name.
 */
import Spinner from '@atlaskit/spinner';
import type { PanelTest } from '../../../src/resolvers/contract';
import { toolName } from '../../shared/format';
import { Time } from '../../shared/Time';
import { ExternalLink, IssueLink, toolHref } from './ui/Links';
import { lazyComponent } from './lazy';
import { StatusLozenge } from './ui/StatusLozenge';

/** Most viewers never open a row: its details are their own chunk. */
const rowDetails = lazyComponent(() => import('./RowDetails'));

function Details(props: { test: PanelTest; siteUrl?: string; href?: string }) {
  const { Component, error } = rowDetails.useComponent();
  if (error) return <p className="tsp-subtle">The details could not be loaded; reload the panel to try again.</p>;
  return Component ? <Component {...props} /> : <Spinner size="small" label="Loading details" />;
}

function ToolLink({ test, siteUrl }: { test: PanelTest; siteUrl?: string }) {
  const tool = toolName(test.tool);
  const href = toolHref(test, siteUrl);
  if (!href) return <span>{tool}</span>;
  return (
    <ExternalLink href={href} label={`Open in ${tool}`} title={`Open ${test.displayId} in ${tool}`}>
      {tool}
    </ExternalLink>
  );
}

function When({ test }: { test: PanelTest }) {
  return test.lastRunAt ? <Time iso={test.lastRunAt} /> : <span className="tsp-subtle">never run</span>;
}

interface Props {
  test: PanelTest;
  index: number;
  siteUrl?: string;
  expanded: boolean;
  onToggle: () => void;
}

export function TestRow({ test, index, siteUrl, expanded, onToggle }: Props) {
  const detailsId = `tsp-details-${index}`;
  return (
    <>
      <tr className="tsp-row" data-row={index} data-status={test.status}>
        <td className="tsp-cell-status">
          <StatusLozenge status={test.status} />
        </td>
        <td className="tsp-cell-test">
          <button
            type="button"
            className="tsp-name"
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            title={expanded ? 'Hide details' : 'Show details'}
            onClick={onToggle}
          >
            <span className="tsp-chevron" aria-hidden="true" />
            {test.name}
          </button>
          <div className="tsp-meta">
            {test.issueKey ? <IssueLink issueKey={test.issueKey} siteUrl={siteUrl} /> : null}
            {test.displayId !== test.issueKey ? <span>{test.displayId}</span> : null}
            <span className="tsp-narrow-only">
              <ToolLink test={test} siteUrl={siteUrl} />
            </span>
            <span className="tsp-narrow-only">
              <When test={test} />
            </span>
          </div>
        </td>
        <td className="tsp-cell-tool tsp-wide-only">
          <ToolLink test={test} siteUrl={siteUrl} />
        </td>
        <td className="tsp-cell-when tsp-wide-only">
          <When test={test} />
        </td>
      </tr>
      {expanded ? (
        <tr id={detailsId} className="tsp-details-row">
          <td colSpan={4}>
            <Details test={test} siteUrl={siteUrl} href={toolHref(test, siteUrl)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
