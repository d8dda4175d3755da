/**
 * The connection form in a real browser: changing where an existing connection points (here qTest's site URL)
 * makes its secret field required at once and says why; saving without a new token shows the backend's refusal
 * on that field, the form stays open and nothing stored changes; pointing back at the original site makes the
 * stored token usable again.
 */
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { describedBy, eventually, rowMenu, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp();

describe('the secret of an edited connection', () => {
  it('is required as soon as the site URL changes, says why, and a save without it is refused on the field', async () => {
    const { page } = await env.open('/admin/', { query: { as: 'demo-admin' } });
    await visible(page.getByRole('table', { name: 'Connections' }));
    await rowMenu(page, 'qTest (demo)', 'Edit');
    const form = await visible(page.getByRole('form', { name: 'Edit qTest (demo)' }));
    const token = form.getByLabel('API token');
    const siteUrl = form.getByLabel('Site URL');

    // Same site: the stored token is kept, the field is optional.
    expect(await token.getAttribute('aria-required')).toBeNull();
    expect(await describedBy(page, token)).toMatch(/An API token is stored/);

    await siteUrl.fill('https://other.qtestnet.com');
    await eventually(() => token.getAttribute('aria-required'), (v) => v === 'true', 'the API token to become required');
    expect(await describedBy(page, token)).toBe(
      'Required because the site URL changed: the stored API token belongs to https://demo.qtestnet.com, not https://other.qtestnet.com. ' +
        'TestSync sends a credential only to the site and account it was entered for.',
    );
    expect(await token.getAttribute('placeholder')).toBeNull();

    await form.getByRole('button', { name: 'Save connection' }).click();
    const refusal = 'Enter the API token again: the stored one belongs to https://demo.qtestnet.com, not https://other.qtestnet.com.';
    await eventually(() => token.getAttribute('aria-invalid'), (v) => v === 'true', 'the API token field to show the refusal');
    expect((await describedBy(page, token)).split('\n')[0]).toBe(refusal);
    // Only the secret field is marked; the form stays open and says it was not saved.
    expect(await siteUrl.getAttribute('aria-invalid')).toBeNull();
    await visible(form.getByText('The connection was not saved'));
    await visible(page.getByRole('dialog', { name: 'Edit qTest (demo)' }));
    await page.waitForTimeout(500);
    expect(await axeViolations(page)).toEqual([]);

    const demo = (await env.app.admin('getOverview')).connections.find((c: { id: string }) => c.id === 'qtest-demo');
    expect(demo).toMatchObject({ baseUrl: 'https://demo.qtestnet.com', hasSecret: true });

    // Back to the original site (written differently): the stored token may be kept again.
    await siteUrl.fill('https://DEMO.qtestnet.com/');
    await eventually(() => token.getAttribute('aria-required'), (v) => v === null, 'the API token to be optional again');
    expect(await describedBy(page, token)).toMatch(/An API token is stored/);
  });
});
