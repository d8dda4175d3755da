/** What the gadget says before it is configured, or when what was saved cannot be used. */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import { EmptyState } from '../../shared/EmptyState';

export function Unconfigured({ problem }: { problem?: string }) {
  if (problem) {
    return (
      <SectionMessage appearance="warning" title="This gadget's configuration cannot be used">
        <Text as="p">
          {`It says ${problem}. Choose Edit in the gadget's menu and save a project and version again.`}
        </Text>
      </SectionMessage>
    );
  }
  return (
    <EmptyState
      header="Choose a project and version"
      description="Choose Edit in the gadget's menu, then the project and version (and an environment if you like) whose release readiness to show."
    />
  );
}
