/**
 * The save flow of a connection's mapping form (status mapping, version mapping): the admin's edits since the mapping
 * was loaded or saved, and a submit that saves them, shows the stored mapping the resolver answers with and starts the
 * edits afresh.
 */
import { useState, type FormEvent } from 'react';
import type { Resource } from '../../shared/useResource';

export interface MappingSave<Value> {
  /** The admin's changes since the mapping was loaded or saved, by row key. */
  edits: Record<string, Value>;
  /** Records one change; a change hides the "saved" notice, which no longer describes what is on screen. */
  edit: (key: string, value: Value) => void;
  saving: boolean;
  /** Why the last save failed; cleared when the next one starts. */
  error: unknown;
  /** Whether the last save succeeded and nothing has been changed since. */
  saved: boolean;
  submit: (e: FormEvent) => Promise<void>;
}

/**
 * `save` is given the loaded mapping and sends the admin's choice; the mapping it answers with replaces the loaded one,
 * so the table shows what was stored rather than what was sent. Nothing is sent before the mapping has loaded.
 */
export function useMappingSave<Value, View>(mapping: Resource<View>, save: (view: View) => Promise<View>): MappingSave<Value> {
  const [edits, setEdits] = useState<Record<string, Value>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  function edit(key: string, value: Value) {
    setEdits((current) => ({ ...current, [key]: value }));
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const view = mapping.data;
    if (!view) return;
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      const answer = await save(view);
      mapping.set(answer);
      setEdits({});
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return { edits, edit, saving, error, saved, submit };
}
