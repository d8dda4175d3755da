/** The credential's expiry: a line of text, and a warning when it lapses within 14 days or has lapsed. */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import type { ConnectionView } from '../../../src/resolvers/contract';
import { formatDay, formatDays } from '../../shared/format';
import { credentialOf } from './connectionTools';

export const EXPIRY_WARNING_DAYS = 14;

export function expiryText(connection: ConnectionView): string {
  if (!connection.expiresOn) return 'No expiry date set';
  const days = connection.expiresInDays;
  const when = formatDay(connection.expiresOn);
  if (days === undefined) return `Expires ${when}`;
  if (days < 0) return `Expired ${when} (${formatDays(days)})`;
  if (days === 0) return `Expires today (${when})`;
  return `Expires ${when} (${formatDays(days)})`;
}

export function ExpiryWarning({ connection }: { connection: ConnectionView }) {
  const days = connection.expiresInDays;
  if (days === undefined || days > EXPIRY_WARNING_DAYS) return null;
  const lapsed = days < 0;
  const credential = credentialOf(connection);
  const subject = `The ${credential.noun}`;
  return (
    <SectionMessage appearance={lapsed ? 'error' : 'warning'} title={lapsed ? `${subject} has expired` : `${subject} expires soon`}>
      <Text as="p">
        {expiryText(connection)}. {credential.renew} Mappings are kept and syncing resumes once the new {credential.noun} is saved.
      </Text>
    </SectionMessage>
  );
}
