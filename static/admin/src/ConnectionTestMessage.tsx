/** The answer of "Test connection": the cause, what happened and, on failure, how to fix it. */
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import type { ConnectionTestResult } from '../../../src/resolvers/contract';

const CAUSE_TITLE: Record<string, string> = {
  OK: 'Connection works',
  INVALID_CREDENTIALS: 'The credentials were rejected',
  TOKEN_EXPIRED: 'The token has expired',
  WRONG_REGION_OR_URL: 'Wrong site URL or region',
  PROJECT_NOT_FOUND: 'Project not found',
  MISSING_PERMISSION: 'Missing permission',
  RATE_LIMITED: 'Rate limited by the tool',
  EGRESS_NOT_ALLOWED: 'Host not allowed by the app',
  NETWORK: 'Network problem',
  UNEXPECTED_RESPONSE: 'Unexpected answer from the tool',
};

/** The check's outcome in a few words, e.g. "The token has expired". */
export function checkTitle(result: ConnectionTestResult): string {
  return CAUSE_TITLE[result.cause] ?? result.cause;
}

export function ConnectionTestMessage({ result, title }: { result: ConnectionTestResult; title?: string }) {
  return (
    <SectionMessage appearance={result.ok ? 'success' : 'error'} title={title ?? checkTitle(result)}>
      <Stack space="space.100">
        <Text as="p">{result.message}</Text>
        {result.fix ? (
          <Text as="p">
            <Text weight="semibold">How to fix: </Text>
            {result.fix}
          </Text>
        ) : null}
        <Text as="p" size="small" color="color.text.subtle">
          Cause: {result.cause}
        </Text>
      </Stack>
    </SectionMessage>
  );
}
