import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

/**
 * The manifest Countersign asks the browser for: every permission and host here is listed with
 * the reason it is needed, so adding one makes this test fail until someone writes down why.
 * Checked on the source (wxt.config.ts) always, and on the built manifests when a build exists
 * (CI builds after the unit tests, so they are skipped, not failed, when absent).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

/** API permissions, each with where it is used. */
const PERMISSIONS: Record<string, string> = {
  storage: 'settings (without secrets) in storage.local: lib/settings/store.ts',
  unlimitedStorage: 'the IndexedDB cache, CRM and audit log can exceed the default quota: lib/db/schema.ts',
  identity: "Gmail and Salesforce OAuth (launchWebAuthFlow): lib/mail/oauth.ts, lib/crm/salesforce/oauth.ts",
  alarms: 'outbox retries, Herald sequences and Sentinel checks survive service-worker termination: entrypoints/background.ts',
  notifications: "Sentinel's alerts and holds: lib/background/sentinel.ts",
  sidePanel: 'the approval panel (Chromium only; Firefox uses its sidebar): entrypoints/sidepanel',
};

/** Hosts granted at install, each with the code that calls it (must mention the host). */
const HOSTS: Record<string, { why: string; usedIn: string[]; needle: string }> = {
  'https://mail.google.com/*': { why: 'the Gmail content script and its panel', usedIn: ['lib/protocol/sender.ts', 'entrypoints/gmail.content/index.tsx'], needle: 'mail.google.com' },
  'https://gmail.googleapis.com/*': { why: 'Gmail API: read threads, send approved mail', usedIn: ['lib/mail/gmail-api.ts'], needle: 'gmail.googleapis.com' },
  'https://www.googleapis.com/*': { why: 'OAuth token info for the Gmail sign-in', usedIn: ['lib/mail/oauth.ts'], needle: 'www.googleapis.com' },
  'https://api.openai.com/*': { why: 'the default model endpoint', usedIn: ['lib/settings/schema.ts'], needle: 'api.openai.com' },
  'http://localhost/*': { why: 'a model server on this machine (Ollama, LM Studio, vLLM)', usedIn: ['lib/background/services.ts'], needle: 'localhost' },
  'http://127.0.0.1/*': { why: 'the same, by address', usedIn: ['lib/background/services.ts'], needle: '127\\\\?\\.0\\\\?\\.0' },
  'https://api.hubapi.com/*': { why: 'HubSpot API', usedIn: ['lib/crm/hubspot/adapter.ts'], needle: 'api.hubapi.com' },
  'https://*.my.salesforce.com/*': { why: 'Salesforce instance APIs', usedIn: ['lib/crm/salesforce/oauth.ts'], needle: 'my.salesforce.com' },
  'https://login.salesforce.com/*': { why: 'Salesforce OAuth (production)', usedIn: ['lib/crm/salesforce/oauth.ts'], needle: 'login.salesforce.com' },
  'https://test.salesforce.com/*': { why: 'Salesforce OAuth (sandboxes)', usedIn: ['lib/crm/salesforce/oauth.ts'], needle: 'test.salesforce.com' },
  'https://api.pipedrive.com/*': { why: 'Pipedrive API', usedIn: ['lib/crm/pipedrive/adapter.ts'], needle: 'api.pipedrive.com' },
  'https://*.pipedrive.com/*': { why: "Pipedrive's per-company API domains", usedIn: ['lib/crm/pipedrive/adapter.ts'], needle: 'pipedrive.com' },
};
/** Content-script pages (granted through content_scripts matches, not host_permissions). */
const CONTENT_PAGES = ['https://mail.google.com/*', 'https://*.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*'];

type Manifest = Record<string, unknown> & { permissions?: string[]; host_permissions?: string[]; optional_host_permissions?: string[] };
const manifestFor = (browser: 'chrome' | 'firefox'): Manifest => {
  const m = (config as { manifest?: unknown }).manifest;
  return (typeof m === 'function' ? m({ browser, manifestVersion: browser === 'firefox' ? 2 : 3, mode: 'production', command: 'build' }) : m) as Manifest;
};

/** The CSP an MV3 browser applies to extension pages when the manifest sets none. */
function assertStrictCsp(manifest: Manifest) {
  const csp = manifest.content_security_policy as string | { extension_pages?: string } | undefined;
  const pages = typeof csp === 'string' ? csp : csp?.extension_pages;
  if (pages === undefined) return; // the browser default: script-src 'self'; object-src 'self'
  const script = /script-src([^;]*)/.exec(pages)?.[1] ?? '';
  expect(script).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:|\*|data:|blob:/);
  expect(pages).toMatch(/object-src\s+'(self|none)'/);
}

describe('manifest (wxt.config.ts)', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    describe(browser, () => {
      const manifest = manifestFor(browser);

      it('asks only for the permissions listed here, each with a reason', () => {
        const expected = Object.keys(PERMISSIONS).filter((p) => browser === 'chrome' || p !== 'sidePanel');
        expect([...(manifest.permissions ?? [])].sort()).toEqual(expected.sort());
        for (const broad of ['tabs', 'cookies', 'webRequest', 'webRequestBlocking', 'scripting', 'debugger', 'management', 'nativeMessaging', 'history', 'downloads', 'clipboardRead', '<all_urls>'])
          expect(manifest.permissions).not.toContain(broad);
      });

      it('host permissions are the Gmail, model and CRM hosts the code calls, and nothing broader', () => {
        expect([...(manifest.host_permissions ?? [])].sort()).toEqual(Object.keys(HOSTS).sort());
        for (const host of manifest.host_permissions ?? []) {
          expect(host).not.toMatch(/^(\*|<all_urls>|https?:\/\/\*\/)/);
          const { usedIn, needle } = HOSTS[host]!;
          expect(usedIn.some((f) => new RegExp(needle).test(read(f))), `${host} is used in ${usedIn.join(', ')}`).toBe(true);
        }
      });

      it('any other host (a self-hosted model or CRM) is optional: asked for at runtime from the settings page', () => {
        expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
        for (const f of ['components/settings/SettingsForm.tsx', 'components/settings/CrmSettings.tsx']) expect(read(f)).toMatch(/permissions\.request\(/);
      });

      it('no web page or other extension can message the background: no externally_connectable', () => {
        expect(manifest).not.toHaveProperty('externally_connectable');
      });

      it('extension pages keep a strict CSP (no eval, no inline or remote script)', () => {
        assertStrictCsp(manifest);
        expect(manifest).not.toHaveProperty('sandbox');
      });

      it('web-accessible resources are only the Gmail panel scripts, only to Gmail', () => {
        const war = manifest.web_accessible_resources as (string | { resources: string[]; matches: string[] })[];
        const resources = war.flatMap((w) => (typeof w === 'string' ? [w] : w.resources));
        expect(resources.sort()).toEqual(['gmail-panel-react.js', 'gmail-panel.js']);
        for (const w of war) if (typeof w !== 'string') expect(w.matches).toEqual(['https://mail.google.com/*']);
      });
    });
  }
});

describe('no remote code', () => {
  const htmlFiles = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? htmlFiles(path.join(dir, e.name)) : e.name.endsWith('.html') ? [path.join(dir, e.name)] : []));

  it.each(htmlFiles('entrypoints'))('%s loads only its own bundled module, no remote script, no inline handler', (file) => {
    const html = read(file);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/[\w.-]+\.tsx?"/);
      expect(attrs).not.toMatch(/https?:|\/\//);
      expect(inline!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed)\b[^>]*(https?:)?\/\//i);
  });

  it('no source file evaluates strings as code or imports a remote module', () => {
    function walk(dir: string): string[] {
      return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
    }
    const files = ['lib', 'components', 'entrypoints'].flatMap((d) => walk(d));
    for (const f of files) {
      const src = read(f);
      expect(src, f).not.toMatch(/\beval\(|new Function\(|import\(\s*['"`]https?:/);
      expect(src, f).not.toMatch(/setTimeout\(\s*['"`]/);
    }
  });
});

describe('the built manifests (when a build exists)', () => {
  for (const [dir, browser] of [['.output/chrome-mv3', 'chrome'], ['.output/firefox-mv2', 'firefox']] as const) {
    const file = path.join(ROOT, dir, 'manifest.json');
    it.skipIf(!existsSync(file))(`${dir}: the same permissions, no externally_connectable, strict CSP, content scripts only on Gmail and CRM pages, no remote script`, () => {
      const built = JSON.parse(readFileSync(file, 'utf8')) as Manifest & { content_scripts?: { matches: string[] }[] };
      const source = manifestFor(browser);
      expect([...(built.permissions ?? [])].filter((p) => !p.startsWith('http') && !p.includes('*')).sort()).toEqual([...(source.permissions ?? [])].sort());
      // Firefox MV2 folds host permissions into permissions.
      const hosts = [...(built.host_permissions ?? []), ...(built.permissions ?? []).filter((p) => p.includes('://'))];
      for (const h of hosts) expect([...Object.keys(HOSTS), ...CONTENT_PAGES]).toContain(h);
      expect(built).not.toHaveProperty('externally_connectable');
      assertStrictCsp(built);
      for (const cs of built.content_scripts ?? []) for (const m of cs.matches) expect(CONTENT_PAGES).toContain(m);
      for (const page of readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.html'))) {
        const html = readFileSync(path.join(ROOT, dir, page), 'utf8');
        for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)) expect(src).toMatch(/^\/[\w/.-]+\.js$/);
      }
    });
  }
});
