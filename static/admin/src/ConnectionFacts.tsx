/** A connection's non-secret settings as one line of the card, e.g. "Region: EU · Client ID: … · On this Jira site". */
import { Inline, Text } from '@atlaskit/primitives';
import { Fragment, type ReactNode } from 'react';
import type { ConnectionView } from '../../../src/resolvers/contract';
import { ExternalLink } from '../../shared/ExternalLink';
import { XRAY_REGION_LABEL } from './connectionTools';

interface Fact {
  label?: string;
  value: ReactNode;
}

const NOT_SET = 'Not set';

function link(url: string): ReactNode {
  return url ? <ExternalLink href={url}>{url}</ExternalLink> : NOT_SET;
}

function facts(c: ConnectionView): Fact[] {
  const s = c.settings ?? {};
  switch (c.tool) {
    case 'xray':
      return [
        { label: 'Region', value: s.region ? XRAY_REGION_LABEL[s.region] ?? s.region : NOT_SET },
        { label: 'Client ID', value: s.clientId || NOT_SET },
        { value: s.sameSite === false ? 'Other site' : 'On this Jira site' },
      ];
    case 'qmetry':
      return [
        { label: 'QMetry URL', value: link(c.baseUrl) },
        { label: 'Project key', value: s.projectKey || NOT_SET },
        ...(s.orgCode ? [{ label: 'Organisation code', value: s.orgCode }] : []),
      ];
    default:
      return [{ label: 'Site URL', value: link(c.baseUrl) }, ...(s.qtestAuth === 'password' ? [{ value: `Signs in as ${s.username || NOT_SET}` }] : [])];
  }
}

export function ConnectionFacts({ connection }: { connection: ConnectionView }) {
  return (
    <Inline space="space.100" shouldWrap alignBlock="center">
      {facts(connection).map((f, i) => (
        <Fragment key={f.label ?? i}>
          {i > 0 ? (
            <Text color="color.text.subtlest" aria-hidden>
              ·
            </Text>
          ) : null}
          <Text color="color.text.subtle">
            {f.label ? `${f.label}: ` : null}
            {f.value}
          </Text>
        </Fragment>
      ))}
    </Inline>
  );
}
