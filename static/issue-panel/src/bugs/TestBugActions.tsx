/**
 * "Create bug" on a synced test the viewer may create bugs for, when one of its recent runs failed: from its latest
 * failed run, or from another failed run of the strip chosen in "From run".
 */
import { useId, useState } from 'react';
import type { PanelRun, PanelTest } from '../../../../src/resolvers/contract';
import { formatDateTime } from '../../../shared/format';
import { projectKeyOf } from './api';
import { useBugs } from './BugsContext';
import { CreateBug } from './CreateBug';

function runWords(run: PanelRun): string {
  const parts = [run.executedAt ? formatDateTime(run.executedAt) : 'not dated'];
  if (run.version) parts.push(`version ${run.version}`);
  if (run.cycle) parts.push(run.cycle);
  if (run.environment) parts.push(run.environment);
  return parts.join(' · ');
}

export function TestBugActions({ test, runs, siteUrl }: { test: PanelTest; runs: PanelRun[]; siteUrl?: string }) {
  const { createIn } = useBugs();
  const pickerId = useId();
  const failed = runs.filter((r) => r.status === 'FAIL' && r.runId).sort((a, b) => (b.executedAt ?? '').localeCompare(a.executedAt ?? ''));
  const [runId, setRunId] = useState(failed[0]?.runId);
  if (!test.issueKey || !createIn.includes(projectKeyOf(test.issueKey)) || failed.length === 0) return null;
  return (
    <div className="tsp-create-bug">
      {failed.length > 1 ? (
        <>
          <label htmlFor={pickerId} className="tsp-note">
            From run
          </label>
          <select id={pickerId} value={runId} onChange={(e) => setRunId(e.target.value)}>
            {failed.map((r) => (
              <option key={r.runId} value={r.runId}>
                {runWords(r)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <CreateBug target={{ runId }} siteUrl={siteUrl} />
    </div>
  );
}
