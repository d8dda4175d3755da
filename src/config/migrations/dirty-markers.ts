/**
 * Dirty markers (`dirty:<connection>:…`: tests whose property is still to be written to Jira). The first markers
 * named one test each (`{ sourceKey, counted? }`); later ones list the tests of one marking
 * (`{ sourceKeys, counted? }`). Both were stored without a version, so both are version 1; version 2 is the list.
 */
import type { Migration } from './record-kinds';

/** Version 1 → 2: a one-test marker becomes a list of one; a list stays as it is. */
const oneTestToList: Migration = (marker) => {
  if (marker.sourceKeys !== undefined || typeof marker.sourceKey !== 'string') return marker;
  const { sourceKey, counted } = marker;
  return { sourceKeys: [sourceKey], counted: counted === true ? [sourceKey] : [] };
};

export const dirtyMarkerMigrations: readonly Migration[] = [oneTestToList];
