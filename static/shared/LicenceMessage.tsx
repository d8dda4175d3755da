/** The message a page shows, in place of its content, while TestSync's licence for the site is not active. */
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import { LICENCE_TITLE, LICENCE_WORDS, type LicenceAudience } from './licence';

interface Props {
  audience: LicenceAudience;
  /** Asks the resolvers again (a renewed licence shows the page again). */
  onCheckAgain?: () => void;
}

export function LicenceMessage({ audience, onCheckAgain }: Props) {
  return (
    <SectionMessage
      appearance="warning"
      title={LICENCE_TITLE}
      testId="licence-inactive"
      actions={onCheckAgain ? [<SectionMessageAction key="check" onClick={onCheckAgain}>Check again</SectionMessageAction>] : undefined}
    >
      <Stack space="space.100">
        {LICENCE_WORDS[audience].map((words) => (
          <Text as="p" key={words}>
            {words}
          </Text>
        ))}
      </Stack>
    </SectionMessage>
  );
}

export default LicenceMessage;
