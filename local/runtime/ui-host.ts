/**
 * Hosting of the Custom UI builds on the local server: the module page with the bridge shim injected,
 * the build's static assets, the Atlassian design tokens CSS for `view.theme.enable()`, and the module
 * context that `view.getContext()` answers.
 *
 * URL scheme: each UI module is served under `/<resource key>/` (`/admin/`, `/issue-panel/`); a Vite build
 * with `base: './'` then finds its assets at `/<resource key>/assets/...`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { licenseObject, type LicenseMode } from './context';
import type { UiModuleDecl } from './manifest';

export const BRIDGE_SHIM_PATH = path.join(__dirname, 'bridge-shim.js');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface PageAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
}

/** The module's index.html with the bridge config and shim injected before any other script. */
export function renderModulePage(buildDir: string, moduleKey: string, context: Record<string, unknown>): PageAnswer {
  const indexPath = path.join(buildDir, 'index.html');
  if (!fs.existsSync(indexPath)) {
    return {
      status: 503,
      contentType: MIME['.html'],
      body: `<!doctype html><html><head><meta charset="utf-8"><title>UI not built</title></head><body>
<h1>The UI of this module is not built</h1>
<p>No <code>${escapeHtml(path.relative(process.cwd(), indexPath))}</code> was found.
Run <code>npm run build:ui</code>, then reload this page.</p></body></html>`,
    };
  }
  const html = fs.readFileSync(indexPath, 'utf8');
  const config = JSON.stringify({ moduleKey, context }).replace(/</g, '\\u003c');
  const injection = `<script>window.__FORGE_LOCAL__ = ${config};</script>\n<script src="/__forge/bridge-shim.js"></script>\n`;
  const headOpen = html.match(/<head[^>]*>/i);
  const body = headOpen
    ? html.replace(headOpen[0], `${headOpen[0]}\n${injection}`)
    : `${injection}${html}`;
  return { status: 200, contentType: MIME['.html'], body };
}

/** A file of the build directory, refusing paths that leave it. */
export function readBuildAsset(buildDir: string, relativePath: string): PageAnswer | undefined {
  const root = path.resolve(buildDir);
  const file = path.resolve(root, decodeURIComponent(relativePath.split('?')[0]));
  if (!file.startsWith(root + path.sep)) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  return {
    status: 200,
    contentType: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    body: fs.readFileSync(file),
  };
}

let themeCssCache: string | undefined;

/** Light, dark, spacing, typography and shape token themes of @atlaskit/tokens, as one stylesheet. */
export function themeCss(): string {
  if (themeCssCache !== undefined) return themeCssCache;
  const parts: string[] = [];
  for (const name of ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const mod = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${name}.js`) as { default?: string };
      if (typeof mod.default === 'string') parts.push(mod.default);
    } catch {
      // a theme missing from the installed version is left out
    }
  }
  themeCssCache = parts.join('\n');
  return themeCssCache;
}

export interface IssueFacts {
  id: string;
  key: string;
  type?: string;
  typeId?: string;
  project: { id: string; key: string; type?: string };
}

/** A project as a project page's context names it. */
export interface ProjectFacts {
  id: string;
  key: string;
  type?: string;
}

export interface ContextInput {
  module: UiModuleDecl;
  accountId: string;
  cloudId: string;
  siteUrl: string;
  colorMode: 'light' | 'dark';
  issue?: IssueFacts;
  /** The project of a project page (`jira:projectPage`). */
  project?: ProjectFacts;
  /** The user's locale as Jira gives it ("de-DE", or Java's "de_DE"); default `en-US`. */
  locale?: string;
  /** The user's IANA time zone, e.g. "Asia/Tokyo"; default `UTC`. */
  timezone?: string;
  /** The site licence the page's resolver calls run with; default `active`. */
  license?: LicenseMode;
  /** A dashboard gadget (`jira:dashboardGadget`): its instance, its saved configuration, and whether it opens in edit mode. */
  gadget?: GadgetFacts;
}

/** A gadget on a dashboard, as Jira tells the gadget's page about itself. */
export interface GadgetFacts {
  id: string;
  dashboardId: string;
  /** What the gadget's edit mode last saved with `view.submit` ({} until then). */
  configuration: Record<string, unknown>;
  edit: boolean;
}

/** What `view.getContext()` answers for a module, as Jira does for an admin page, an issue panel, a project page or a gadget. */
export function buildModuleContext(input: ContextInput): Record<string, unknown> {
  const extension: Record<string, unknown> = { type: input.module.type };
  if (input.issue) {
    extension.issue = { key: input.issue.key, id: input.issue.id, type: input.issue.type, typeId: input.issue.typeId };
    extension.project = { key: input.issue.project.key, id: input.issue.project.id, type: input.issue.project.type };
    extension.isNewToIssue = false;
  }
  // As Jira gives a project page: the project it was opened in.
  if (input.project && !input.issue) extension.project = { key: input.project.key, id: input.project.id, type: input.project.type };
  // As Jira gives a dashboard gadget: its configuration, and `entryPoint: 'edit'` when it opens in edit mode.
  if (input.gadget) {
    extension.gadget = { id: input.gadget.id };
    extension.dashboard = { id: input.gadget.dashboardId };
    extension.gadgetConfiguration = input.gadget.configuration;
    if (input.gadget.edit) extension.entryPoint = 'edit';
  }
  return {
    accountId: input.accountId,
    cloudId: input.cloudId,
    siteUrl: input.siteUrl,
    localId: `${input.module.key}-local`,
    moduleKey: input.module.key,
    environmentId: 'local-environment',
    environmentType: 'DEVELOPMENT',
    locale: input.locale ?? 'en-US',
    timezone: input.timezone ?? 'UTC',
    theme: { colorMode: input.colorMode },
    extension,
    // As Jira's context holds it for a paid app; null (no licence data) tells the local runtime "none".
    license: licenseObject(input.license ?? 'active') ?? null,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
