/** A Bug created in the simulated Jira as a user, as Jira's create dialog would (SHOP by default). */
export async function createBugInJira(serverUrl: string, summary: string, opts: { as?: string; project?: string } = {}): Promise<{ id: string; key: string }> {
  const res = await fetch(`${serverUrl}/jira/rest/api/3/issue`, {
    method: 'POST',
    headers: { 'x-sim-principal': `user:${opts.as ?? 'demo-tester'}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ fields: { project: { key: opts.project ?? 'SHOP' }, issuetype: { name: 'Bug' }, summary } }),
  });
  if (res.status !== 201) throw new Error(`Creating the bug "${summary}" answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; key: string };
}
