/** Asks before disconnecting and says what is removed and what is kept. */
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useRef } from 'react';

interface Props {
  name: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function DisconnectConfirm({ name, busy, onConfirm, onCancel }: Props) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div role="alertdialog" aria-label={`Disconnect ${name}?`}>
      <SectionMessage appearance="warning" title={`Disconnect ${name}?`}>
        <Stack space="space.150">
          <Text as="p">
            This removes the stored API token and the connection settings. Project mappings and every Jira issue created by
            TestSync are kept. Syncing stops until you add the connection's settings and token again.
          </Text>
          <Inline space="space.100">
            <Button appearance="danger" onClick={onConfirm} isLoading={busy}>
              Disconnect
            </Button>
            <Button ref={cancelRef} onClick={onCancel} isDisabled={busy}>
              Cancel
            </Button>
          </Inline>
        </Stack>
      </SectionMessage>
    </div>
  );
}
