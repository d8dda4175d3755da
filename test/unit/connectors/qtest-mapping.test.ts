import { parseSiteUrl } from '../../../src/connectors/qtest/client';
import {
  cycleNames,
  mapProject,
  mapTestRun,
  modulePaths,
  propertyValue,
  requirementKey,
} from '../../../src/connectors/qtest/mapping';
import { decodeCursor, encodeCursor, modifiedSinceQuery } from '../../../src/connectors/qtest/queries';
import { plainText } from '../../../src/connectors/text';
import { ConnectorError } from '../../../src/connectors/types';

describe('qTest mapping', () => {
  it('hides projects whose status is not Active (101)', () => {
    expect(mapProject({ id: 1, name: 'A', status_id: 101 }).archived).toBe(false);
    expect(mapProject({ id: 2, name: 'B', status_id: 103 }).archived).toBe(true);
    expect(mapProject({ id: 3, name: 'C' }).archived).toBe(false);
  });

  it('turns rich text into plain text', () => {
    expect(plainText('<p>Open <b>cart</b></p><p>Tap &quot;Pay&quot;<br/>then wait &amp; see</p>')).toBe('Open cart\nTap "Pay"\nthen wait & see');
    expect(plainText(null)).toBe('');
  });

  it('finds the Jira key of a requirement', () => {
    expect(requirementKey({ name: 'Checkout', external_properties: { id: 'SHOP-3' } })).toBe('SHOP-3');
    expect(requirementKey({ name: 'SHOP-12 Pay with a gift card' })).toBe('SHOP-12');
    expect(requirementKey({ name: 'Internal requirement' })).toBeUndefined();
  });

  it('reads properties by field name', () => {
    const props = [{ field_id: 1, field_name: 'Priority', field_value: '3', field_value_name: 'High' }];
    expect(propertyValue(props, 'priority')).toBe('High');
    expect(propertyValue(props, 'Type')).toBeUndefined();
  });

  it('builds module paths and cycle names from the trees', () => {
    const mods = modulePaths([{ id: 1, name: 'Checkout', children: [{ id: 2, name: 'Payment', children: [] }] }]);
    expect(mods.get(2)).toBe('Checkout/Payment');
    const cycles = cycleNames([
      { id: 10, name: 'Release 3.2', 'test-suites': [{ id: 20, name: 'Chrome' }], 'test-cycles': [{ id: 11, name: 'Smoke' }] },
    ]);
    expect(cycles.get('test-suite:20')).toBe('Release 3.2');
    expect(cycles.get('test-cycle:11')).toBe('Release 3.2 / Smoke');
  });

  it('maps a never-executed run to its status property and last change', () => {
    const run = mapTestRun(
      {
        id: 5,
        pid: 'TR-5',
        testCaseId: 9,
        parentId: 20,
        parentType: 'test-suite',
        last_modified_date: '2025-05-01T10:00:00.000+00:00',
        properties: [{ field_id: 1, field_name: 'Status', field_value_name: 'Unexecuted' }],
      },
      { projectId: '101', baseUrl: 'https://demo.qtestnet.com', cycles: new Map([['test-suite:20', 'Release 3.2']]) },
    );
    expect(run).toMatchObject({ status: 'Unexecuted', executedAt: '2025-05-01T10:00:00.000Z', cycle: 'Release 3.2', testCaseExternalId: '9' });
  });
});

describe('qTest queries and URLs', () => {
  it('round-trips the cursor and rejects foreign ones', () => {
    const c = encodeCursor({ page: 3, since: '2025-01-01T00:00:00.000Z' });
    expect(decodeCursor(c)).toEqual({ page: 3, since: '2025-01-01T00:00:00.000Z' });
    expect(() => decodeCursor('not-a-cursor')).toThrow(ConnectorError);
  });

  it('writes the Last Modified Date query in ISO form', () => {
    expect(modifiedSinceQuery('2025-01-01T01:00:00+01:00')).toBe("'Last Modified Date' >= '2025-01-01T00:00:00.000Z'");
    expect(modifiedSinceQuery(undefined)).toBe("'Last Modified Date' >= '1970-01-01T00:00:00.000Z'");
  });

  it('accepts only https://<site>.qtestnet.com', () => {
    expect(parseSiteUrl('https://Demo.qtestnet.com/')).toEqual({ baseUrl: 'https://demo.qtestnet.com', site: 'demo' });
    expect(() => parseSiteUrl('http://demo.qtestnet.com')).toThrow(/must look like/);
    expect(() => parseSiteUrl('https://demo.qtestnet.com.evil.io')).toThrow(ConnectorError);
  });
});
