import { canonicalJson, fingerprint } from '../../../src/domain/fingerprint';

describe('fingerprint', () => {
  it('is equal for equal content in any key order and ignores undefined fields', () => {
    expect(fingerprint({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(fingerprint({ b: { d: 'x', c: [1, 2] }, a: 1, e: undefined }));
  });
  it('differs when any value or array order differs', () => {
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
    expect(canonicalJson({ b: 1, a: null })).toBe('{"a":null,"b":1}');
  });
});
