/**
 * Export / import settings: this site's connections (without their secrets), project mappings and status
 * mappings downloaded as one JSON file, and such a file imported — checked first (every problem listed,
 * nothing changed), then previewed, and written only on "Confirm import".
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useRef, useState, type ChangeEvent } from 'react';
import type { ConfigImportCheck, ConfigImportResult } from '../../../src/resolvers/contract';
import { getContext } from '../../shared/bridge';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatNumber, plural } from '../../shared/format';
import { ConfigOutcome, ConfigPreview, ConfigProblems } from './ConfigTransferResults';
import { adminApi } from './api';
import { download } from './csv';
import type { Notify } from './flags';

/** Files larger than this are not sent to be checked: a settings file is a few kilobytes. */
const MAX_FILE_BYTES = 4_000_000;

interface Props {
  notify: Notify;
  /** The import wrote something: the page reads the connections again. */
  onImported: () => void;
}

type Shown =
  | { kind: 'check'; fileName: string; text: string; check: ConfigImportCheck }
  | { kind: 'result'; fileName: string; result: ConfigImportResult }
  | { kind: 'error'; title: string; error: unknown };

export function ConfigTransferArea({ notify, onImported }: Props) {
  const [exporting, setExporting] = useState(false);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [shown, setShown] = useState<Shown>();
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const focusResult = () => setTimeout(() => resultRef.current?.focus(), 0);

  async function exportSettings() {
    setExporting(true);
    try {
      const siteUrl = await getContext()
        .then((c) => c.siteUrl)
        .catch(() => undefined);
      const answer = await adminApi.exportConfig(siteUrl);
      download(answer.fileName, answer.text, 'application/json;charset=utf-8');
      const { counts } = answer;
      const left = answer.leftOut.length ? ` ${plural(answer.leftOut.length, 'disconnected connection')} left out.` : '';
      notify.success(
        'Settings exported',
        `${plural(counts.connections, 'connection')}, ${plural(counts.mappings, 'project mapping')} and ${plural(counts.statusMappings, 'status mapping')} in ${answer.fileName}. Secrets are not included.${left}`,
      );
    } catch (e) {
      notify.error('The settings could not be exported', e);
    } finally {
      setExporting(false);
    }
  }

  async function chosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Choosing the same file again must be seen as a new choice.
    event.target.value = '';
    if (!file) return;
    setShown(undefined);
    if (file.size > MAX_FILE_BYTES) {
      setShown({
        kind: 'check',
        fileName: file.name,
        text: '',
        check: { ok: false, problems: [{ code: 'TOO_LARGE', path: '$', message: `The file is ${formatNumber(file.size / 1_000_000, 1)} MB; a settings file is far smaller. It was not read.` }] },
      });
      focusResult();
      return;
    }
    setChecking(true);
    try {
      const text = await file.text();
      setShown({ kind: 'check', fileName: file.name, text, check: await adminApi.previewConfigImport(text, file.name) });
    } catch (e) {
      setShown({ kind: 'error', title: `${file.name} could not be checked`, error: e });
    } finally {
      setChecking(false);
      focusResult();
    }
  }

  async function confirm(fileName: string, text: string) {
    setImporting(true);
    try {
      const result = await adminApi.importConfig(text, fileName);
      setShown({ kind: 'result', fileName, result });
      if (result.imported) {
        onImported();
        if (result.complete) notify.success('Settings imported', `${plural(result.connections.length, 'connection')} created without secrets: enter each one's secret.`);
        else notify.error('The import stopped part-way', result.failed?.message, undefined, true);
      }
    } catch (e) {
      setShown({ kind: 'error', title: `${fileName} was not imported`, error: e });
    } finally {
      setImporting(false);
      focusResult();
    }
  }

  return (
    <section aria-labelledby="config-transfer-heading">
      <Stack space="space.200">
        <Heading size="large" as="h2" id="config-transfer-heading">
          Export / import settings
        </Heading>
        <Text as="p" color="color.text.subtle">
          Download this site's connections with their project mappings and status mappings as a JSON file, and import such a file on another site, for
          example to bring a sandbox's settings to production. <Text weight="semibold">Secrets are not exported</Text>: after an import, enter each
          connection's API token, client secret or Open API key. An import lists every problem before it changes anything, and writes only when you
          confirm.
        </Text>
        <Inline space="space.100">
          <Button onClick={() => void exportSettings()} isLoading={exporting}>
            Export settings
          </Button>
          <Button onClick={() => fileInput.current?.click()} isLoading={checking} isDisabled={importing}>
            Import settings…
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            aria-label="Settings file to import"
            data-testid="config-import-file"
            style={{ display: 'none' }}
            onChange={(e) => void chosen(e)}
          />
        </Inline>
        <div ref={resultRef} tabIndex={-1} aria-live="polite" style={{ outline: 'none' }}>
          {shown?.kind === 'error' ? <ErrorMessage error={shown.error} title={shown.title} /> : null}
          {shown?.kind === 'check' && !shown.check.ok ? (
            <ConfigProblems fileName={shown.fileName} problems={shown.check.problems} {...(shown.check.source ? { source: shown.check.source } : {})} />
          ) : null}
          {shown?.kind === 'check' && shown.check.ok ? (
            <ConfigPreview
              preview={shown.check.preview}
              actions={
                <Inline space="space.100">
                  <Button appearance="primary" onClick={() => void confirm(shown.fileName, shown.text)} isLoading={importing}>
                    Confirm import
                  </Button>
                  <Button appearance="subtle" onClick={() => setShown(undefined)} isDisabled={importing}>
                    Cancel
                  </Button>
                </Inline>
              }
            />
          ) : null}
          {shown?.kind === 'result' && !shown.result.imported ? <ConfigProblems fileName={shown.fileName} problems={shown.result.problems} /> : null}
          {shown?.kind === 'result' && shown.result.imported ? <ConfigOutcome result={shown.result} /> : null}
        </div>
      </Stack>
    </section>
  );
}
