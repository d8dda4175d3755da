/**
 * Tabs (WAI-ARIA pattern): one panel shown at a time, arrow keys move between tabs, Home and End jump to the
 * first and last. Styled with design tokens like Atlaskit's tabs.
 */
import { token } from '@atlaskit/tokens';
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab<K extends string> {
  key: K;
  label: string;
}

interface Props<K extends string> {
  label: string;
  tabs: Tab<K>[];
  selected: K;
  onSelect: (key: K) => void;
  children: ReactNode;
}

export function Tabs<K extends string>({ label, tabs, selected, onSelect, children }: Props<K>) {
  const id = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const tabId = (k: K) => `${id}-tab-${k}`;

  function onKeyDown(e: KeyboardEvent) {
    const i = tabs.findIndex((t) => t.key === selected);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    onSelect(tab.key);
    refs.current.get(tab.key)?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} style={{ display: 'flex', gap: token('space.100'), borderBlockEnd: `2px solid ${token('color.border')}`, flexWrap: 'wrap' }}>
        {tabs.map((t) => {
          const active = t.key === selected;
          return (
            <button
              key={t.key}
              ref={(el) => {
                if (el) refs.current.set(t.key, el);
                else refs.current.delete(t.key);
              }}
              id={tabId(t.key)}
              role="tab"
              type="button"
              aria-selected={active}
              aria-controls={`${id}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(t.key)}
              style={{
                font: token('font.body'),
                fontWeight: token('font.weight.medium'),
                color: active ? token('color.text.selected') : token('color.text.subtle'),
                background: 'none',
                border: 'none',
                borderBlockEnd: `2px solid ${active ? token('color.border.selected') : 'transparent'}`,
                marginBlockEnd: '-2px',
                padding: `${token('space.075')} ${token('space.100')}`,
                cursor: 'pointer',
              }}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={tabId(selected)} style={{ paddingBlockStart: token('space.200') }}>
        {children}
      </div>
    </div>
  );
}
