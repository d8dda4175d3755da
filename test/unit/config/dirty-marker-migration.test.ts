/**
 * Dirty markers are at version 2: the one-test markers of earlier releases are read as lists of one.
 */
import { dirtyMarkerMigrations } from '../../../src/config/migrations/dirty-markers';

describe('dirty markers, version 2', () => {
  const migrate = dirtyMarkerMigrations[0];

  it("reads an earlier release's one-test marker as a list of one, counted when it was", () => {
    expect(migrate({ sourceKey: 'qtest:c1:101:7', counted: true })).toEqual({ sourceKeys: ['qtest:c1:101:7'], counted: ['qtest:c1:101:7'] });
    expect(migrate({ sourceKey: 'qtest:c1:101:7' })).toEqual({ sourceKeys: ['qtest:c1:101:7'], counted: [] });
  });

  it('leaves a marker that already lists its tests as it is', () => {
    const list = { sourceKeys: ['a', 'b'], counted: ['b'] };
    expect(migrate({ ...list })).toEqual(list);
  });
});
