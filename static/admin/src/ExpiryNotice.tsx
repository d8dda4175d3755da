/** The credential's expiry: a line of text, and a warning when it lapses within 14 days or has lapsed. */
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import type { ConnectionView } from '../../../src/resolvers/contract';
import { formatDay, plural } from '../../shared/format';

export const EXPIRY_WARNING_DAYS = 14;

export function expiryText(connection: ConnectionView): string {
  if (!connection.expiresOn) return 'No expiry date set';
  const days = connection.expiresInDays;
  const when = formatDay(connection.expiresOn);
  if (days === undefined) return `Expires ${when}`;
  if (days < 0) return `Expired ${when} (${plural(-days, 'day')} ago)`;
  if (days === 0) return `Expires today (${when})`;
  return `Expires ${when} (in ${plural(days, 'day')})`;
}

export function ExpiryWarning({ connection }: { connection: ConnectionView }) {
  const days = connection.expiresInDays;
  if (days === undefined || days > EXPIRY_WARNING_DAYS) return null;
  const lapsed = days < 0;
  return (
    <SectionMessage appearance={lapsed ? 'error' : 'warning'} title={lapsed ? 'The API token has expired' : 'The API token expires soon'}>
      <Text as="p">
        {expiryText(connection)}. Generate a new token in qTest, then edit this connection and paste it into “API token”.
        Mappings are kept and syncing resumes once the new token is saved.
      </Text>
    </SectionMessage>
  );
}
