import { validator } from '@atlaskit/adf-utils/validator';
import { testCaseDescription } from '../../../src/jira/adf';
import type { TestCase } from '../../../src/domain/model';

const tc: TestCase = {
  tool: 'qtest',
  projectId: '101',
  externalId: '5001',
  displayId: 'TC-12',
  name: 'Pay with a saved card',
  description: 'Checks the saved-card path.\n\nSecond paragraph.',
  precondition: 'A customer with a saved Visa card',
  steps: [
    { index: 1, action: 'Open the cart', expected: 'The cart lists the items' },
    { index: 2, action: 'Choose "Saved card"', data: 'Visa •••• 4242', expected: '' },
  ],
  labels: [],
  url: 'https://demo.qtestnet.com/p/101/portal/project#tab=testdesign&object=1&id=5001',
  updatedAt: '2026-11-01T10:00:00.000Z',
  requirementKeys: ['SHOP-1'],
};

describe('test case description (ADF)', () => {
  it("is a document Atlassian's ADF validator accepts, with an empty cell where the tool has no text", () => {
    const errors: string[] = [];
    // The validator asks Atlassian's feature-gate client, which is not initialised outside Atlassian's apps.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    validator()(testCaseDescription(tc) as never, (entity: { type: string }, error: { message: string }) => {
      errors.push(`${entity.type}: ${error.message}`);
      return undefined;
    });
    expect(errors).toEqual([]);
  });

  it('has the preconditions and a steps table with action, data and expected result', () => {
    const adf = JSON.stringify(testCaseDescription(tc));
    for (const text of ['Preconditions', 'A customer with a saved Visa card', 'Action', 'Data', 'Expected result', 'Open the cart', 'Visa •••• 4242', 'TC-12']) {
      expect(adf).toContain(text);
    }
    expect(adf).not.toContain('"text":""');
  });
});
