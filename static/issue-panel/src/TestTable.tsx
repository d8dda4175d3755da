/**
 * A story's covering tests as one table grouped by status, failing first; each group says how many tests it
 * holds in all (not only the rows loaded). After "Show more", focus moves to the first new row.
 */
import { useEffect, useRef, useState } from 'react';
import type { CanonicalStatus } from '../../../src/domain/model';
import type { PanelTest } from '../../../src/resolvers/contract';
import { formatNumber } from '../../shared/format';
import { GROUP_LABEL } from './status';
import { TestRow } from './TestRow';

interface Props {
  issueKey: string;
  rows: PanelTest[];
  byStatus: Record<CanonicalStatus, number>;
  siteUrl?: string;
  /** Focus the row at this index (the first of a page just appended). */
  focusIndex?: number;
}

const keyOf = (t: PanelTest) => `${t.tool}:${t.issueKey ?? t.displayId}`;

export function TestTable({ issueKey, rows, byStatus, siteUrl, focusIndex }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    if (focusIndex === undefined) return;
    table.current?.querySelector<HTMLButtonElement>(`[data-row="${focusIndex}"] .tsp-name`)?.focus();
  }, [focusIndex]);

  const groups: { status: CanonicalStatus; rows: { test: PanelTest; index: number }[] }[] = [];
  rows.forEach((test, index) => {
    const last = groups[groups.length - 1];
    if (last?.status === test.status) last.rows.push({ test, index });
    else groups.push({ status: test.status, rows: [{ test, index }] });
  });
  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <table className="tsp-table" ref={table} data-testid="covering-tests">
      <caption className="tsp-sr-only">Tests covering {issueKey}</caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Test</th>
          <th scope="col" className="tsp-wide-only">
            Tool
          </th>
          <th scope="col" className="tsp-wide-only">
            Last run
          </th>
        </tr>
      </thead>
      {groups.map((g, i) => (
        <tbody key={`${g.status}-${i}`}>
          <tr className="tsp-group">
            <td colSpan={4}>
              <h3>
                {GROUP_LABEL[g.status]} <span className="tsp-count">{formatNumber(byStatus[g.status] ?? g.rows.length)}</span>
              </h3>
            </td>
          </tr>
          {g.rows.map(({ test, index }) => (
            <TestRow key={keyOf(test)} test={test} index={index} siteUrl={siteUrl} expanded={open.has(keyOf(test))} onToggle={() => toggle(keyOf(test))} />
          ))}
        </tbody>
      ))}
    </table>
  );
}
