/**
 * The Custom UI pages as the local runtime serves them: with the Content-Security-Policy Forge would set
 * from the manifest, so a page that needs something the manifest does not allow breaks here as in Jira.
 */
import { startTestApp, type TestApp } from '../support/local-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe('Custom UI pages', () => {
  it.each(['/admin/', '/issue-panel/?issueKey=SHOP-1', '/traceability/?project=SHOP'])('serves %s with the CSP Forge computes from the manifest', async (path) => {
    const res = await fetch(`${app.server.url}${path}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
    // The manifest allows inline styles (permissions.content.styles) and nothing else beyond Forge's defaults.
    expect(directive('style-src')).toContain("'unsafe-inline'");
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
    expect(directive('script-src')).toMatch(/'sha256-[A-Za-z0-9+/=]{44}'/);
    expect(directive('sandbox')).toContain('allow-scripts');
    expect(csp).not.toContain('report-uri');
  });
});
