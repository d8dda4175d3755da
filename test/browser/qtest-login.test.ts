/**
 * A qTest connection that signs in with a username and password, added through the admin page's form in a real
 * browser: "Sign in with" swaps the API token for Username and Password; a wrong password shows the cause and a
 * fix about the login in the form, which stays open; the right one is saved with its check passing, the row shows
 * the connection and its details say who it signs in as. Editing it keeps the stored password until the username
 * changes. No password reaches the page.
 */
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { chooseOption, connectionRow, describedBy, eventually, rowMenu, visible } from './ui';

jest.setTimeout(120000);

const env = useBrowserApp();

const WRONG = 'wrong-password-5512';
const PASSWORD = 'demo-password';

describe('a qTest connection with a username and password', () => {
  it('is added through the form: a wrong password shows its cause and fix, the right one is saved with its check passing', async () => {
    const invokeAnswers: Promise<string>[] = [];
    const { page } = await env.open('/admin/', {
      query: { as: 'demo-admin' },
      beforeGoto: (p) => p.on('response', (res) => void (new URL(res.url()).pathname === '/__forge/invoke' && invokeAnswers.push(res.text()))),
    });
    await visible(page.getByRole('table', { name: 'Connections' }));
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('menuitem', { name: 'qTest' }).click();
    const form = await visible(page.getByRole('form', { name: 'Add qTest connection' }));

    // An API token unless told otherwise, as before.
    await visible(form.getByLabel('API token'));
    expect(await form.getByLabel('Username').count()).toBe(0);
    await chooseOption(page, form, /^Sign in with/, 'Username and password');
    const username = await visible(form.getByLabel('Username'));
    const password = await visible(form.getByLabel(/^Password/));
    expect(await form.getByLabel('API token').count()).toBe(0);
    expect(await password.getAttribute('type')).toBe('password');
    expect(await describedBy(page, password)).toBe('The password of that qTest login. It is stored encrypted and never shown again.');
    await page.waitForTimeout(500);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('qTest login');
    await form.getByLabel('Site URL').fill('https://demo.qtestnet.com');
    await username.fill('demo@example.com');
    await password.fill(WRONG);
    await form.getByRole('button', { name: 'Save connection' }).click();
    const problem = await visible(form.getByRole('heading', { name: 'Not saved: The credentials were rejected' }));
    const text = await problem.locator('xpath=ancestor::section[1]').innerText();
    expect(text).toContain('qTest rejected the username or password.');
    expect(text).toMatch(/How to fix: qTest refused the username or password\. Check both/);
    expect(text).not.toMatch(/API token of this site/);
    await visible(page.getByRole('dialog', { name: 'Add qTest connection' }));

    // Changing a setting clears the failed check: the form saves afresh.
    await password.fill(PASSWORD);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByText('qTest login is saved'));
    await eventually(() => connectionRow(page, 'qTest login').innerText(), (t) => /No project mapped/.test(t), 'the row of the new connection, its check passed');

    await page.getByRole('button', { name: 'qTest login', exact: true }).click();
    const details = await visible(page.getByRole('region', { name: 'Details of qTest login' }));
    await visible(details.getByText('Signs in as demo@example.com'));
    await visible(details.getByText(/Password: stored/));

    const answers = (await Promise.all(invokeAnswers)).join('\n') + (await page.content());
    expect(invokeAnswers.length).toBeGreaterThan(2);
    expect(answers).not.toContain(PASSWORD);
    expect(answers).not.toContain(WRONG);
  });

  it('is edited with its stored password kept, until the username changes', async () => {
    const { page } = await env.open('/admin/', { query: { as: 'demo-admin' } });
    await visible(page.getByRole('table', { name: 'Connections' }));
    await rowMenu(page, 'qTest login', 'Edit');
    const form = await visible(page.getByRole('form', { name: 'Edit qTest login' }));
    expect(await form.innerText()).toContain('Username and password');
    const username = await visible(form.getByLabel('Username'));
    expect(await username.inputValue()).toBe('demo@example.com');
    const password = form.getByLabel(/^Password/);
    expect(await password.getAttribute('aria-required')).toBeNull();
    expect(await describedBy(page, password)).toMatch(/^A password is stored/);

    await username.fill('someone@example.com');
    await eventually(() => password.getAttribute('aria-required'), (v) => v === 'true', 'the password to become required');
    expect(await describedBy(page, password)).toBe(
      'Required because the username changed: the stored password belongs to demo@example.com, not someone@example.com. ' +
        'TestSync sends a credential only to the site and account it was entered for.',
    );
    await form.getByRole('button', { name: 'Save connection' }).click();
    await eventually(() => password.getAttribute('aria-invalid'), (v) => v === 'true', 'the password field to show the refusal');
    expect((await describedBy(page, password)).split('\n')[0]).toBe('Enter the password again: the stored one belongs to demo@example.com, not someone@example.com.');

    // Back to the login it was saved with: saved with the stored password, its check passing.
    await username.fill('demo@example.com');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('qTest login (edited)');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByText('qTest login (edited) is saved'));
    const view = (await env.app.admin('getOverview')).connections.find((c: { name: string }) => c.name === 'qTest login (edited)');
    expect(view).toMatchObject({ hasSecret: true, settings: { qtestAuth: 'password', username: 'demo@example.com' }, lastCheck: { ok: true } });
  });
});
