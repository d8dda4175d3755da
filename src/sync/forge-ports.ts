/**
 * The engine's ports as the Forge platform provides them.
 */
import { Queue } from '@forge/events';
import * as issues from '../jira/issues';
import * as links from '../jira/links';
import { setIssueProperty, setPropertiesBulk } from '../jira/properties';
import type { JiraPort, QueuePort } from './ports';
import { SYNC_QUEUE } from './queue';

export const forgeJira: JiraPort = {
  appAccountId: issues.appAccountId,
  testLinkType: links.pickTestLinkType,
  bulkCreate: issues.bulkCreate,
  editIssue: issues.editIssue,
  addLabel: issues.addLabel,
  setProperty: setIssueProperty,
  setProperties: setPropertiesBulk,
  upsertRemoteLink: links.upsertRemoteLink,
  linkTestToRequirement: links.linkTestToRequirement,
  unlinkTestFromRequirement: links.unlinkTestFromRequirement,
  findBySourceKeys: issues.findBySourceKeys,
  existingIssueKeys: (keys) => issues.existingIssueKeys(keys),
  existingIssueIds: issues.existingIssueIds,
  issueFacts: issues.issueFacts,
  coveredIssuesUpdatedWithin: issues.coveredIssuesUpdatedWithin,
  defectStates: issues.defectStates,
};

export const forgeQueue: QueuePort = {
  async push(event, delayInSeconds = 0) {
    await new Queue({ key: SYNC_QUEUE }).push({
      body: event,
      ...(delayInSeconds > 0 ? { delayInSeconds: Math.min(900, Math.ceil(delayInSeconds)) } : {}),
      // The platform runs at most one event per connection at a time; the run lock guards the rest.
      concurrency: { key: `connection-${event.connectionId}`.slice(0, 64), limit: 1 },
    });
  },
};
