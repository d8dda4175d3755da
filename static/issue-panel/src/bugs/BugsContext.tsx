/**
 * The bugs a panel shows and where the viewer may create one, shared by the panel's view and the rows and buttons
 * under it; a bug recorded anywhere below updates the list at once.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PanelBugs, RecordBugAnswer } from '../../../../src/resolvers/contract';

interface BugsState extends PanelBugs {
  onRecorded: (answer: RecordBugAnswer) => void;
}

const Bugs = createContext<BugsState>({ items: [], createIn: [], onRecorded: () => undefined });

export function BugsProvider({ bugs, children }: { bugs: PanelBugs; children: ReactNode }) {
  const [items, setItems] = useState(bugs.items);
  const [from, setFrom] = useState(bugs);
  // A new answer of the panel (a refresh) brings its own list.
  if (from !== bugs) {
    setFrom(bugs);
    setItems(bugs.items);
  }
  const value = useMemo<BugsState>(() => ({ ...bugs, items, onRecorded: (answer) => setItems(answer.bugs) }), [bugs, items]);
  return <Bugs.Provider value={value}>{children}</Bugs.Provider>;
}

export const useBugs = () => useContext(Bugs);
