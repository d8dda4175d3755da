import { classify } from '../../../src/connectors/qmetry/client';
import { folderPathOf, mapSteps, requirementKey } from '../../../src/connectors/qmetry/mapping';

describe('QMetry mapping', () => {
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

  it('classifies QMetry error answers: plain-text 401, { error, code } bodies, and { code, message } ones', () => {
    const c = (status: number, body: string, path = '/rest/testcases/list/viewColumns') => classify(status, body, 'https://x.qmetry.com', 'P', path);
    // smartbear-mcp src/qmetry/api/project.test.ts: a 401 answered in plain text.
    expect(c(401, 'Unauthorized')).toMatchObject({ code: 'INVALID_CREDENTIALS', details: { field: 'apiKey' } });
    expect(c(401, '')?.code).toBe('INVALID_CREDENTIALS');
    expect(c(401, 'Unauthorized: the API key has expired')?.code).toBe('TOKEN_EXPIRED');
    expect(c(401, '{"error":"Unauthorised or session expired","code":401}')?.code).toBe('TOKEN_EXPIRED');
    // The vendor's error handler still reads CO.INVALID_API_KEY and "invalid api key" (client/api/error-handler.ts).
    expect(c(400, '{"code":"CO.INVALID_API_KEY","message":"Invalid API key"}')?.code).toBe('INVALID_CREDENTIALS');
    expect(c(400, '{"error":"Invalid API key","code":400}')?.code).toBe('INVALID_CREDENTIALS');
    expect(c(403, '{"error":"Access denied","code":403}')).toMatchObject({ code: 'MISSING_PERMISSION', message: expect.stringContaining('Access denied') });
    expect(c(404, '<html>Not Found</html>')).toMatchObject({ code: 'WRONG_REGION_OR_URL', message: 'No QMetry Test Management site answers at https://x.qmetry.com (HTTP 404)' });
    expect(c(404, 'Test case not found')?.code).toBe('WRONG_REGION_OR_URL');
    expect(c(404, '{"error":"Project P not found","code":404}')).toMatchObject({ code: 'PROJECT_NOT_FOUND', details: { field: 'projectKey' } });
    expect(c(404, '{"error":"Not found","code":404}', '/rest/admin/project/getinfo')?.code).toBe('PROJECT_NOT_FOUND');
    expect(c(404, '{"code":"CO.PROJECT_NOT_FOUND"}')?.code).toBe('PROJECT_NOT_FOUND');
    expect(c(400, '{"error":"Invalid orgcode: X","code":400}')).toMatchObject({ code: 'WRONG_REGION_OR_URL', details: { field: 'orgCode' } });
    // A refused body (src/qmetry/api/testcase.test.ts "Validation failed") keeps http.ts's default.
    expect(c(400, '{"error":"Validation failed","code":400}')).toBeUndefined();
    expect(c(400, '{"code":"CO.MANDATORY_FIELDS_MISSING"}')).toBeUndefined();
  });
});
