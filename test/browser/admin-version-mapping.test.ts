/**
 * The version mapping of a connection on the admin page, in a real browser: the demo qTest site calls its release
 * "Release 3.2" where Jira's fix version is "3.2". The admin sees that it matches no Jira version, chooses 3.2 for
 * it, saves, and sees it saved; a save the backend refuses is said with its reason, and nothing is changed.
 */
import type { Locator, Page } from 'playwright-core';
import { axeViolations } from './axe';
import { useBrowserApp } from './browser';
import { eventually, tableRecords, visible } from './ui';

jest.setTimeout(180000);

const env = useBrowserApp({
  app: {
    prepareQtest: (q) => {
      for (const release of q.state.site('demo')!.releases) if (release.name === '3.2') release.name = 'Release 3.2';
    },
  },
});

beforeAll(async () => {
  const summary = await env.app.server.fireTrigger('sync-scheduler');
  if (summary.events.failed !== 0) throw new Error(`The first sync failed: ${JSON.stringify(summary)}`);
});

const TITLE = 'Version mapping of qTest (demo)';

/** The admin page with qTest (demo)'s version mapping open. */
async function openForm(beforeGoto?: (page: Page) => unknown): Promise<{ page: Page; form: Locator }> {
  const { page } = await env.open('/admin/', { query: { as: 'demo-admin' }, beforeGoto });
  await visible(page.getByRole('table', { name: 'Connections' }));
  await page.getByRole('table', { name: 'Connections' }).getByRole('button', { name: 'qTest (demo)', exact: true }).click();
  const panel = await visible(page.getByRole('region', { name: 'Details of qTest (demo)' }));
  await panel.getByRole('tab', { name: 'Version mapping' }).click();
  const form = await visible(panel.getByRole('form', { name: TITLE }), 30000);
  await visible(form.getByRole('table', { name: TITLE }));
  return { page, form };
}

const byVersion = async (form: Locator) => Object.fromEntries((await tableRecords(form.getByRole('table', { name: TITLE }))).map((r) => [r['Tool version'], r]));

/** Picks a Jira version in a row's Select by typing it. */
async function choose(page: Page, form: Locator, toolVersion: string, jiraVersion: string): Promise<void> {
  const input = form.getByLabel(`Jira version for ${toolVersion}`, { exact: true });
  await input.click();
  await input.fill(jiraVersion);
  await visible(page.getByRole('option', { name: new RegExp(`^${jiraVersion.replace('.', '\\.')}`) }).first());
  await input.press('Enter');
}

describe('the version mapping of a connection', () => {
  it('says which tool version matches no Jira version, and saves the Jira version chosen for it', async () => {
    const { page, form } = await openForm();
    const notice = await visible(form.getByText('1 qTest version matches no Jira version'));
    expect(await notice.locator('xpath=ancestor::section[1]').innerText()).toContain('Release 3.2');
    const rows = await byVersion(form);
    expect(rows['Release 3.2']).toMatchObject({ 'In Jira': 'no Jira version “Release 3.2”', Seen: 'in synced runs' });
    expect(rows['Release 3.2']['Counts for Jira version']).toContain('Same name');
    expect(rows['3.1']).toMatchObject({ 'In Jira': '3.1', Seen: 'in synced runs' });
    expect(await axeViolations(page)).toEqual([]);

    await choose(page, form, 'Release 3.2', '3.2');
    await visible(form.getByText('changed, not saved yet'));
    // Chosen (not saved yet): the tool version now matches a Jira version.
    await eventually(() => form.getByText(/matches? no Jira version/).count(), (n) => n === 0, 'the notice to go');
    await form.getByRole('button', { name: 'Save version mapping' }).click();
    await visible(form.getByText('Version mapping saved. Synced results are counted with it at the next sync.'));
    const saved = await eventually(() => byVersion(form), (r) => r['Release 3.2']?.['In Jira'] === '3.2', 'Release 3.2 to count for 3.2');
    expect(saved['Release 3.2']['Counts for Jira version']).toContain('3.2');
    expect(saved['Release 3.2']['Counts for Jira version']).not.toContain('changed, not saved yet');

    const stored = await env.app.admin('getVersionMapping', { connectionId: 'qtest-demo' });
    expect(stored.rows.find((r: any) => r.toolVersion === 'Release 3.2')).toMatchObject({ jiraVersion: '3.2', source: 'admin' });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says why a save was refused and keeps the choice on the page', async () => {
    const refusal = 'Tool version "Release 3.2" is mapped twice';
    const { page, form } = await openForm((p) =>
      (p as Page).route('**/__forge/invoke', async (route) => {
        if ((route.request().postDataJSON() as { functionKey?: string }).functionKey !== 'saveVersionMapping') return route.continue();
        return route.fulfill({ json: { ok: true, result: { error: { code: 'INVALID_INPUT', message: refusal } } } });
      }),
    );
    await choose(page, form, '3.1', '3.2');
    await form.getByRole('button', { name: 'Save version mapping' }).click();
    await visible(form.getByText('The version mapping was not saved'));
    await visible(form.getByText(refusal));
    expect((await byVersion(form))['3.1']['Counts for Jira version']).toContain('changed, not saved yet');
    const stored = await env.app.admin('getVersionMapping', { connectionId: 'qtest-demo' });
    expect(stored.rows.find((r: any) => r.toolVersion === '3.1')).toMatchObject({ jiraVersion: '3.1', source: 'sameName' });
  });
});
