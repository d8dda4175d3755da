/** A test's steps as a numbered list (a table does not fit a 400 px panel): action, data, expected result. */
import { useState } from 'react';
import type { PanelView } from '../../../src/resolvers/contract';
import { formatNumber } from '../../shared/format';
import { Button } from './ui/Button';

type Step = Extract<PanelView, { kind: 'test' }>['steps'][number];

/** Steps shown before "Show all steps". */
const FIRST_STEPS = 5;

export function Steps({ steps, label }: { steps: Step[]; label: string }) {
  const [all, setAll] = useState(false);
  const ordered = [...steps].sort((a, b) => a.index - b.index);
  const shown = all ? ordered : ordered.slice(0, FIRST_STEPS);
  return (
    <>
      <ol className="tsp-steps" aria-label={label}>
        {shown.map((s) => (
          <li key={s.index} value={s.index}>
            <p className="tsp-step-action">{s.action}</p>
            {s.data ? (
              <p className="tsp-step-field">
                <span className="tsp-step-label">Data</span> {s.data}
              </p>
            ) : null}
            <p className="tsp-step-field">
              <span className="tsp-step-label">Expected</span> {s.expected}
            </p>
          </li>
        ))}
      </ol>
      {ordered.length > shown.length ? (
        <Button spacing="compact" onClick={() => setAll(true)}>
          Show all {formatNumber(ordered.length)} steps
        </Button>
      ) : null}
    </>
  );
}
