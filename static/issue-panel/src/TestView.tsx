/** A synced test: status and source, its recent runs, its steps and the stories it covers (a lazy chunk). */
import './TestView.css';
import Heading from '@atlaskit/heading';
import type { ReactNode } from 'react';
import type { PanelView } from '../../../src/resolvers/contract';
import { plural, toolName } from '../../shared/format';
import { Time } from '../../shared/Time';
import { BugList } from './bugs/BugList';
import { TestBugActions } from './bugs/TestBugActions';
import { RunStrip } from './RunStrip';
import { Steps } from './Steps';
import { ExternalLink, IssueLink, toolHref } from './ui/Links';
import { Lozenge, StatusLozenge } from './ui/StatusLozenge';

type TestPanel = Extract<PanelView, { kind: 'test' }>;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="tsp-section" aria-label={title}>
      <Heading size="xxsmall" as="h3">
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** The Jira issues the tool links to the recent runs as their defects (those the viewer may see), each once. */
function RunDefects({ runs, tool, siteUrl }: { runs: TestPanel['runs']; tool: string; siteUrl?: string }) {
  const keys = [...new Set(runs.flatMap((r) => r.defects ?? []))];
  if (keys.length === 0) return null;
  return (
    <p className="tsp-inline">
      <span className="tsp-subtle">Defects in {tool}:</span>
      {keys.map((key) => (
        <IssueLink key={key} issueKey={key} siteUrl={siteUrl} />
      ))}
    </p>
  );
}

export default function TestView({ view, siteUrl }: { view: TestPanel; siteUrl?: string }) {
  const { test, steps, runs, flaky, covers } = view;
  const tool = toolName(test.tool);
  const href = toolHref(test, siteUrl);
  const latest = [test.cycle ? `cycle ${test.cycle}` : '', test.environment ? `on ${test.environment}` : ''].filter(Boolean).join(' ');
  return (
    <div className="tsp-stack">
      <div className="tsp-test-head">
        <div className="tsp-inline">
          <StatusLozenge status={test.status} />
          {flaky ? (
            <Lozenge tone="warning" title="Results flip between pass and fail across recent runs">
              Flaky
            </Lozenge>
          ) : null}
        </div>
        <Heading size="xsmall" as="h2">
          {test.name}
        </Heading>
        <p className="tsp-inline">
          <span className="tsp-subtle">
            {tool} · {test.displayId}
          </span>
          {href ? <ExternalLink href={href}>Open in {tool}</ExternalLink> : null}
        </p>
        <p className="tsp-note">
          Last run {test.lastRunAt ? <Time iso={test.lastRunAt} /> : 'never'}
          {latest ? ` · ${latest}` : ''}
          {test.rawStatus ? ` · ${tool} status “${test.rawStatus}”` : ''}
        </p>
        {test.deletedInSource ? (
          <p className="tsp-warning-text">This test was deleted in {tool}. The issue is kept with its history and no longer counts in coverage.</p>
        ) : null}
        <TestBugActions test={test} runs={runs} siteUrl={siteUrl} />
      </div>

      <BugList siteUrl={siteUrl} showTest={false} title="Bugs" />

      <Section title={`Run history (${plural(runs.length, 'run')})`}>
        {runs.length > 0 ? <RunStrip runs={runs} /> : <p className="tsp-subtle">This test has not run yet.</p>}
        <RunDefects runs={runs} tool={tool} siteUrl={siteUrl} />
      </Section>

      <Section title="Steps">
        {steps.length > 0 ? <Steps steps={steps} label={`Steps of ${test.displayId}`} /> : <p className="tsp-subtle">This test has no steps in {tool}.</p>}
      </Section>

      <Section title="Covers">
        {covers.length > 0 ? (
          <p className="tsp-inline">
            {covers.map((key) => (
              <IssueLink key={key} issueKey={key} siteUrl={siteUrl} />
            ))}
          </p>
        ) : (
          <p className="tsp-subtle">No requirement is linked to this test.</p>
        )}
      </Section>
    </div>
  );
}
