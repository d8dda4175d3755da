/**
 * The bugs a panel shows and where the viewer may create one, shared by the panel's view and the rows and buttons
 * under it; a bug recorded anywhere below updates the list at once.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PanelBugWithPush, RetryBugPushAnswer } from '../../../../src/resolvers/bug-push-contract';
import type { PanelBugs, RecordBugAnswer } from '../../../../src/resolvers/contract';

interface BugsState extends PanelBugs {
  /** On a test's panel, each with how far it got into its tool when the connection writes defects. */
  items: PanelBugWithPush[];
  onRecorded: (answer: RecordBugAnswer) => void;
  /** A retried write of a bug to its tool came to this. */
  onPushed: (answer: RetryBugPushAnswer) => void;
}

const Bugs = createContext<BugsState>({ items: [], createIn: [], onRecorded: () => undefined, onPushed: () => undefined });

export function BugsProvider({ bugs, children }: { bugs: PanelBugs; children: ReactNode }) {
  const [items, setItems] = useState<PanelBugWithPush[]>(bugs.items);
  const [from, setFrom] = useState(bugs);
  // A new answer of the panel (a refresh) brings its own list.
  if (from !== bugs) {
    setFrom(bugs);
    setItems(bugs.items);
  }
  const value = useMemo<BugsState>(
    () => ({
      ...bugs,
      items,
      onRecorded: (answer) => setItems(answer.bugs),
      onPushed: (answer) => setItems((now) => now.map((b) => (b.issueId === answer.bugIssueId ? { ...b, toolPush: answer.toolPush } : b))),
    }),
    [bugs, items],
  );
  return <Bugs.Provider value={value}>{children}</Bugs.Provider>;
}

export const useBugs = () => useContext(Bugs);
