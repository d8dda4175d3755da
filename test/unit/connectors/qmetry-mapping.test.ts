import { classify } from '../../../src/connectors/qmetry/client';
import { folderPathOf, isoDate, mapSteps, requirementKey } from '../../../src/connectors/qmetry/mapping';

describe('QMetry mapping', () => {
  it('reads ISO, epoch and US-format dates', () => {
    expect(isoDate('2025-06-01T10:00:00.000Z')).toBe('2025-06-01T10:00:00.000Z');
    expect(isoDate(Date.parse('2025-06-01T10:00:00Z'))).toBe('2025-06-01T10:00:00.000Z');
    expect(isoDate('06-01-2025 10:05:09')).toBe('2025-06-01T10:05:09.000Z');
    expect(isoDate('06-01-2025 01:05 PM')).toBe('2025-06-01T13:05:00.000Z');
    expect(isoDate('not a date')).toBeUndefined();
    expect(isoDate(null)).toBeUndefined();
  });

  it('takes Jira keys only from requirements synced from Jira', () => {
    expect(requirementKey({ entityKey: 'SHOP-3', name: 'Checkout', createdSystem: 'JIRA' })).toBe('SHOP-3');
    expect(requirementKey({ entityKey: 'SHOPQA-RQ-9', name: 'SHOP-4 Apply a code', createdSystem: 'Jira' })).toBe('SHOP-4');
    expect(requirementKey({ entityKey: 'SHOPQA-RQ-1', name: 'SHOP-4 lookalike', createdSystem: 'QMETRY' })).toBeUndefined();
  });

  it('orders steps and normalises folder paths', () => {
    const steps = mapSteps([
      { orderId: 2, description: '<p>Second</p>', inputData: '', expectedOutcome: 'B' },
      { orderId: 1, description: 'First', inputData: 'x &amp; y', expectedOutcome: 'A' },
    ]);
    expect(steps).toEqual([
      { index: 1, action: 'First', data: 'x & y', expected: 'A' },
      { index: 2, action: 'Second', expected: 'B' },
    ]);
    expect(folderPathOf('/Checkout/Payment/')).toBe('Checkout/Payment');
    expect(folderPathOf('/')).toBeUndefined();
  });

  it('classifies QMetry error bodies', () => {
    const c = (status: number, body: string) => classify(status, body, 'https://x.qmetry.com', 'P')?.code;
    expect(c(401, '{"code":"CO.INVALID_API_KEY","message":"Invalid API key"}')).toBe('INVALID_CREDENTIALS');
    expect(c(400, '{"code":"CO.INVALID_API_KEY"}')).toBe('INVALID_CREDENTIALS');
    expect(c(401, '{"code":"CO.SESSION_EXPIRED","message":"Unauthorised or session expired"}')).toBe('TOKEN_EXPIRED');
    expect(c(403, '{"message":"no"}')).toBe('MISSING_PERMISSION');
    expect(c(404, '<html>Not Found</html>')).toBe('WRONG_REGION_OR_URL');
    expect(c(404, '{"code":"CO.PROJECT_NOT_FOUND"}')).toBe('PROJECT_NOT_FOUND');
    expect(c(400, '{"code":"CO.MANDATORY_FIELDS_MISSING"}')).toBeUndefined();
  });
});
