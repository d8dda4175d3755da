/** What the sync does when a test issue it created is deleted in Jira, in the admin's words. */
import type { OnDeletedInJira } from '../../../src/resolvers/contract';

export const ON_DELETED_LABEL: Record<OnDeletedInJira, string> = {
  leave: 'Leave it deleted (default)',
  recreate: 'Create it again',
};

/** The short form for the mappings table. */
export const ON_DELETED_SHORT: Record<OnDeletedInJira, string> = {
  leave: 'Leave deleted',
  recreate: 'Create again',
};
