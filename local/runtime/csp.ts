/**
 * The Content-Security-Policy Forge serves a Custom UI page with, computed by Forge's own `@forge/csp` from the
 * page and the manifest's `permissions` (content scripts/styles, external images, fonts, fetch.client...).
 * Served locally, it makes the browser refuse what Jira would refuse, such as inline styles the manifest did
 * not allow.
 */
import * as cheerio from 'cheerio';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';

const quiet = { info: () => undefined };

export function forgeCsp(html: string, permissions: Record<string, unknown>, hostname: string): string {
  const details = new CSPProcessingService(quiet as never, cheerio.load as never).getCspDetails(html, permissions as never);
  const directives = new CSPInjectionService().getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod' as never, hostname });
  // Reports would go to Atlassian's collector, which is not reachable from here.
  return directives.filter((d) => !d.startsWith('report-uri')).join('; ');
}
