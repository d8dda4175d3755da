/**
 * The one setting of bugs created from failed tests on the issue panel: which issue link type links a bug to its
 * test and to the requirements the test covers, and which of its descriptions the bug takes ("Bug blocks…").
 * Saving it is recorded in the audit log.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useId, useState } from 'react';
import type { BugLinkOption, BugLinkSetting as Setting, BugLinkSettingView } from '../../../src/resolvers/contract';
import { call } from '../../shared/bridge';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useResource } from '../../shared/useResource';
import type { Notify } from './flags';

const getSetting = () => call<BugLinkSettingView>('getBugLinkSetting');
const saveSetting = (setting: Setting) => call<BugLinkSettingView>('saveBugLinkSetting', { ...setting });

const valueOf = (o: Setting) => `${o.bugSide}:${o.linkType}`;

export function BugLinkSetting({ notify, onSaved }: { notify: Notify; onSaved: () => void }) {
  const setting = useResource(getSetting);
  const selectId = useId();
  const [chosen, setChosen] = useState<BugLinkOption>();
  const [saving, setSaving] = useState(false);
  const view = setting.data;
  useEffect(() => setChosen(view?.current), [view]);
  const changed = !!view && !!chosen && (view.isDefault || valueOf(chosen) !== valueOf(view.current));

  async function save() {
    if (!chosen) return;
    setSaving(true);
    try {
      setting.set(await saveSetting({ linkType: chosen.linkType, bugSide: chosen.bugSide }));
      notify.success('Bug link saved', chosen.label);
      onSaved();
    } catch (e) {
      notify.error('The bug link could not be saved', e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="bug-link-heading">
      <Stack space="space.150">
        <Heading size="large" as="h2" id="bug-link-heading">
          Bugs from failed tests
        </Heading>
        <Text as="p" color="color.text.subtle">
          A tester can create a bug from a failed test on the issue panel. TestSync links the bug to the test and to the requirements the test covers
          with this link type; syncs never remove these links.
        </Text>
        {setting.error ? (
          <ErrorMessage error={setting.error} title="The bug link could not be loaded" actions={<Button onClick={() => void setting.reload()}>Try again</Button>} />
        ) : null}
        {view ? (
          <Inline space="space.150" alignBlock="end" shouldWrap>
            <Box style={{ width: 420, maxWidth: '100%' }}>
              <label htmlFor={selectId}>
                <Text size="small" weight="semibold" color="color.text.subtle">
                  Link a bug with
                </Text>
              </label>
              <Select<BugLinkOption>
                inputId={selectId}
                options={view.options}
                getOptionValue={valueOf}
                value={chosen ?? null}
                onChange={(o) => o && setChosen(o)}
                menuPortalTarget={document.body}
                styles={{ menuPortal: (base) => ({ ...base, zIndex: 510 }) }}
              />
            </Box>
            <Button appearance="primary" onClick={() => void save()} isLoading={saving} isDisabled={!changed || saving}>
              Save
            </Button>
          </Inline>
        ) : null}
        {view?.isDefault ? (
          <Text as="p" size="small" color="color.text.subtle">
            TestSync’s default is in use until you save a choice.
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}
