/**
 * The defects a tool links to a run are kept only when they name a Jira issue: a key (qTest, QMetry), or an issue id
 * where the tool names issues so (Xray); anything else is left out, each with where it was and why.
 */
import { DEFECTS_PER_RUN, defectRefs } from '../../../src/connectors/defects';

const source = { externalId: 'run-7', endpoint: 'POST /api/v3/projects/{projectId}/search', field: 'items[2].defects', tool: 'qTest' };

describe('defectRefs', () => {
  it('keeps Jira issue keys, trimmed and each once, in the tool’s order', () => {
    expect(defectRefs(['SHOP-13', ' OPS-1 ', 'SHOP-13', 'A_B2-7'], ['key'], source)).toEqual({ refs: ['SHOP-13', 'OPS-1', 'A_B2-7'], dropped: [] });
  });

  it('leaves out what is no Jira issue key, naming the value’s field and why', () => {
    const read = defectRefs(['SHOPQA-IS-3', 'shop-1', 'SHOP-0', '12345', '', null, { id: 4 }, 'https://x.atlassian.net/browse/SHOP-1'], ['key'], source);
    expect(read.refs).toEqual([]);
    expect(read.dropped.map((d) => d.field)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `items[2].defects[${i}]`));
    expect(read.dropped[0]).toEqual({
      externalId: 'run-7',
      endpoint: source.endpoint,
      field: 'items[2].defects[0]',
      message: 'is "SHOPQA-IS-3", not a Jira issue key (e.g. SHOP-13): a qTest defect that is no Jira issue is left out',
    });
    expect(read.dropped[5].message).toMatch(/^is null, not a Jira issue key/);
    expect(read.dropped[6].message).toMatch(/^is an object, not/);
  });

  it('takes Jira issue ids (numbers too) only where the tool names issues by id', () => {
    const xray = { ...source, tool: 'Xray' };
    expect(defectRefs(['10042', 10043, 'OPS-1'], ['id', 'key'], xray)).toEqual({ refs: ['10042', '10043', 'OPS-1'], dropped: [] });
    const keysOnly = defectRefs(['10042'], ['key'], source);
    expect(keysOnly.refs).toEqual([]);
    expect(keysOnly.dropped[0].message).toBe('is "10042", not a Jira issue key (e.g. SHOP-13): a qTest defect that is no Jira issue is left out');
    expect(defectRefs(['-5', '0', '1.5', 3.5], ['id'], xray).refs).toEqual([]);
  });

  it(`keeps at most ${DEFECTS_PER_RUN} per run and says which were left out`, () => {
    const keys = Array.from({ length: DEFECTS_PER_RUN + 2 }, (_, i) => `SHOP-${i + 1}`);
    const read = defectRefs(keys, ['key'], source);
    expect(read.refs).toEqual(keys.slice(0, DEFECTS_PER_RUN));
    expect(read.dropped.map((d) => [d.field, d.message])).toEqual([
      [`items[2].defects[${DEFECTS_PER_RUN}]`, `is SHOP-${DEFECTS_PER_RUN + 1}, beyond the ${DEFECTS_PER_RUN} defects kept per run: left out`],
      [`items[2].defects[${DEFECTS_PER_RUN + 1}]`, `is SHOP-${DEFECTS_PER_RUN + 2}, beyond the ${DEFECTS_PER_RUN} defects kept per run: left out`],
    ]);
  });

  it('names a value by where it sat when it was picked out of a larger record', () => {
    const read = defectRefs(['nope'], ['key'], { ...source, fieldOf: (i) => `items[2].defects[${i + 3}].external_defect_id` });
    expect(read.dropped[0].field).toBe('items[2].defects[3].external_defect_id');
  });
});
