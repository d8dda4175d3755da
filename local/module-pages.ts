/**
 * The local server's pages: each Custom UI module's page with the context Jira would give it, its build assets, and the
 * index; with the Jira lookups the pages' contexts need (to the mounted simulator or a real site).
 */
import * as path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LOCAL_CLOUD_ID, originalFetch, SIM_PRINCIPAL_HEADER, type LocalForgeRuntime } from './runtime';
import { forgeCsp } from './runtime/csp';
import { buildModuleContext, escapeHtml, readBuildAsset, renderModulePage, type GadgetFacts, type IssueFacts, type ProjectFacts } from './runtime/ui-host';
import type { UiModuleDecl } from './runtime/manifest';
import { isLicenseMode, LICENSE_MODES } from './runtime/context';
import { GADGET_ID, type GadgetConfigs } from './runtime/gadget-configs';

/** A Custom UI module's page (with its context from the URL) and its build assets, under `/<resource key>/`. */
export function registerModuleRoutes(app: FastifyInstance, runtime: LocalForgeRuntime, module: UiModuleDecl, rootDir: string, defaultAccountId: string, gadgets: GadgetConfigs): void {
  const base = `/${module.resourceKey}`;
  const buildDir = path.resolve(rootDir, module.resourcePath!);
  const redirect = (url: string, reply: FastifyReply) => {
    const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
    return reply.redirect(`${base}/${query}`);
  };
  app.get(base, async (req, reply) => redirect(req.url, reply));
  app.get<{ Querystring: Record<string, string | undefined> }>(`${base}/`, async (req, reply) => {
    const accountId = req.query.as || defaultAccountId;
    const license = req.query.license || runtime.license;
    if (!isLicenseMode(license)) {
      return reply.code(400).type('text/html; charset=utf-8').send(`<p><code>license</code> must be one of ${LICENSE_MODES.join(', ')}.</p>`);
    }
    let issue: IssueFacts | undefined;
    if (module.type === 'jira:issuePanel') {
      const key = req.query.issueKey;
      if (!key) return reply.code(400).type('text/html; charset=utf-8').send('<p>Add <code>?issueKey=KEY</code> to the URL, e.g. <a href="?issueKey=SHOP-1">?issueKey=SHOP-1</a>.</p>');
      issue = await lookupIssue(runtime, key);
    }
    let project: ProjectFacts | undefined;
    if (module.type === 'jira:projectPage') {
      const key = req.query.project;
      if (!key || !/^[A-Z][A-Z0-9_]*$/.test(key)) return reply.code(400).type('text/html; charset=utf-8').send('<p>Add <code>?project=KEY</code> to the URL, e.g. <a href="?project=SHOP">?project=SHOP</a>.</p>');
      project = await lookupProject(runtime, key);
    }
    let gadget: GadgetFacts | undefined;
    if (module.type === 'jira:dashboardGadget') {
      const id = req.query.gadget || '1';
      if (!GADGET_ID.test(id)) return reply.code(400).type('text/html; charset=utf-8').send('<p><code>gadget</code> must be 1 to 64 letters, digits, dashes or underscores.</p>');
      // A configuration in the URL stands for one saved in edit mode (links, screenshots); otherwise the saved one.
      const fromUrl = Object.fromEntries((['project', 'version', 'environment'] as const).filter((k) => req.query[k]).map((k) => [k, req.query[k]!]));
      gadget = {
        id,
        dashboardId: 'local-dashboard',
        configuration: Object.keys(fromUrl).length > 0 ? fromUrl : gadgets.get(module.key, id),
        edit: req.query.edit === '1' || req.query.edit === 'true',
      };
    }
    const context = buildModuleContext({
      module,
      accountId,
      cloudId: LOCAL_CLOUD_ID,
      siteUrl: runtime.siteUrl,
      colorMode: req.query.theme === 'dark' ? 'dark' : 'light',
      issue,
      project,
      gadget,
      license,
      locale: req.query.locale || undefined,
      timezone: req.query.tz || undefined,
    });
    // A gadget's edit mode is its `edit.resource` (this app's is the view's own; another one is not served here).
    const page = renderModulePage(gadget?.edit && module.editResourcePath ? path.resolve(rootDir, module.editResourcePath) : buildDir, module.key, context);
    reply.code(page.status).type(page.contentType).header('cache-control', 'no-store');
    if (page.status === 200) reply.header('content-security-policy', forgeCsp(String(page.body), runtime.manifest.permissions, `${req.protocol}://${req.headers.host}`));
    return reply.send(page.body);
  });
  app.get<{ Params: { '*': string } }>(`${base}/*`, async (req, reply) => {
    const asset = readBuildAsset(buildDir, req.params['*']);
    if (!asset) return reply.code(404).send({ error: `No file ${req.params['*']} in ${module.resourcePath}` });
    return reply.code(asset.status).type(asset.contentType).send(asset.body);
  });
}

interface PlainResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

/** A Jira REST call from the server itself: to the mounted simulator (as `principal`) or the real site. */
export async function jiraRequest(
  runtime: LocalForgeRuntime,
  restPath: string,
  principal: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<PlainResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
  if (runtime.realJira) {
    const { email, apiToken } = runtime.realJira;
    headers.authorization = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
  } else {
    headers[SIM_PRINCIPAL_HEADER] = principal;
  }
  const res = await originalFetch(`${runtime.siteUrl}${restPath}`, { method: init.method ?? 'GET', headers, body: init.body });
  const plain: Record<string, string> = {};
  res.headers.forEach((value, name) => (plain[name] = value));
  return { status: res.status, statusText: res.statusText, headers: plain, body: await res.text() };
}

async function lookupIssue(runtime: LocalForgeRuntime, key: string): Promise<IssueFacts> {
  try {
    const res = await jiraRequest(runtime, `/rest/api/3/issue/${encodeURIComponent(key)}?fields=project,issuetype`, 'app');
    if (res.status === 200) {
      const issue = JSON.parse(res.body) as {
        id: string;
        key: string;
        fields?: { project?: { id: string; key: string; projectTypeKey?: string }; issuetype?: { id: string; name: string } };
      };
      return {
        id: issue.id,
        key: issue.key,
        type: issue.fields?.issuetype?.name,
        typeId: issue.fields?.issuetype?.id,
        project: { id: issue.fields?.project?.id ?? '', key: issue.fields?.project?.key ?? key.split('-')[0], type: issue.fields?.project?.projectTypeKey ?? 'software' },
      };
    }
    console.error(`[local-server] issue ${key} lookup answered ${res.status}`);
  } catch (err) {
    console.error(`[local-server] issue ${key} lookup failed: ${(err as Error).message}`);
  }
  return { id: '', key, project: { id: '', key: key.split('-')[0] } };
}

/** The project a project page is opened in, as the app sees it (Jira fills the page's context so). */
async function lookupProject(runtime: LocalForgeRuntime, key: string): Promise<ProjectFacts> {
  try {
    const res = await jiraRequest(runtime, `/rest/api/3/project/${encodeURIComponent(key)}`, 'app');
    if (res.status === 200) {
      const project = JSON.parse(res.body) as { id: string; key: string; projectTypeKey?: string };
      return { id: project.id, key: project.key, type: project.projectTypeKey ?? 'software' };
    }
    console.error(`[local-server] project ${key} lookup answered ${res.status}`);
  } catch (err) {
    console.error(`[local-server] project ${key} lookup failed: ${(err as Error).message}`);
  }
  return { id: '', key };
}

/** The local server's index: links to each module, the triggers, and the simulators. */
export function indexPage(runtime: LocalForgeRuntime): string {
  const links: string[] = [];
  for (const m of runtime.manifest.uiModules.values()) {
    if (!m.resourcePath) continue;
    const href = m.type === 'jira:issuePanel' ? `/${m.resourceKey}/?issueKey=SHOP-1` : m.type === 'jira:projectPage' ? `/${m.resourceKey}/?project=SHOP` : `/${m.resourceKey}/`;
    const edit = m.type === 'jira:dashboardGadget' ? ` — <a href="/${m.resourceKey}/?edit=1">edit (choose project, version, environment)</a>` : '';
    links.push(`<li><a href="${href}">${escapeHtml(m.title ?? m.key)}</a> <small>(${escapeHtml(m.type)})</small>${edit}</li>`);
  }
  const triggers = [...runtime.manifest.triggers.keys()]
    .map((k) => `<li><code>curl -X POST ${escapeHtml(`/__forge/triggers/${k}`)}</code></li>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>TestSync for Jira (local)</title></head>
<body style="font-family:sans-serif;max-width:720px;margin:2em auto">
<h1>TestSync for Jira, running locally</h1>
<h2>Modules</h2><ul>${links.join('')}</ul>
<p>Add <code>&amp;as=&lt;accountId&gt;</code> to act as another user, <code>&amp;theme=dark</code> for the dark theme, <code>&amp;license=inactive</code> (or <code>none</code>) for a site whose licence is not active (or a free or development install), <code>&amp;locale=de-DE&amp;tz=Asia/Tokyo</code> for a user with another locale and time zone (default <code>en-US</code> and <code>UTC</code>).</p>
<h2>Scheduled triggers</h2><ul>${triggers}</ul>
<p>Triggers and queue consumers run with the site licence <code>${runtime.license}</code> (set <code>TESTSYNC_LOCAL_LICENSE=active|inactive|none</code> before starting).</p>
<h2>Simulators</h2><ul><li><a href="/jira/rest/api/3/serverInfo">Jira</a> at <code>/jira</code></li><li>qTest at <code>/qtest</code></li><li>Xray at <code>/xray</code></li><li>QMetry at <code>/qmetry</code></li></ul>
<p><a href="/__forge/status">Runtime status</a></p>
</body></html>`;
}
