import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { REACT_GLOBAL, SHARED_REACT_MODULES } from './lib/sites/gmail/shared-react';

// Hosts the background may call. The model endpoint is user-configured; localhost servers
// (Ollama, LM Studio, vLLM) and OpenAI are granted up front, any other host is requested at
// runtime from the settings page (optional_host_permissions).
const HOSTS = [
  'https://mail.google.com/*',
  'https://gmail.googleapis.com/*',
  'https://www.googleapis.com/*',
  'https://api.openai.com/*',
  'http://localhost/*',
  'http://127.0.0.1/*',
  // CRM APIs the background calls for connected CRMs. The CRM record pages themselves are not
  // listed: WXT derives those from the crm content script's matches (CRM_PAGE_MATCHES).
  'https://api.hubapi.com/*',
  'https://*.my.salesforce.com/*',
  'https://login.salesforce.com/*',
  'https://test.salesforce.com/*',
  'https://api.pipedrive.com/*',
  'https://*.pipedrive.com/*',
];

const EXTENSION_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

// email-reply-parser (lib/mail/reply-split.ts) calls Node's module.createRequire at load time to
// look for the optional re2 engine. A browser bundle has no `module`, and Vite's empty stand-in
// would throw as the service worker starts: give it a require that finds nothing, so the parser
// falls back to RegExp as it does wherever re2 is not installed.
const NO_NODE_REQUIRE = '\0countersign:no-node-require';
const noNodeRequire: Plugin = {
  name: 'countersign:no-node-require',
  enforce: 'pre',
  resolveId: (id, importer) => (id === 'module' && importer?.includes('/node_modules/email-reply-parser/') ? NO_NODE_REQUIRE : null),
  load: (id) =>
    id === NO_NODE_REQUIRE ? 'export const createRequire = () => (id) => { throw new Error(`${id} is not available in the browser`); };' : null,
};

// The Gmail panel (/gmail-panel.js) takes React from /gmail-panel-react.js, loaded just before it
// into the same world, instead of bundling its own copy (see lib/sites/gmail/shared-react.ts).
const SHARED_PREFIX = '\0countersign:shared-react:';
const requireFromRoot = createRequire(path.join(process.cwd(), 'package.json'));
const reactFromGlobal: Plugin = {
  name: 'countersign:react-from-global',
  enforce: 'pre',
  resolveId: (id) => ((SHARED_REACT_MODULES as readonly string[]).includes(id) ? SHARED_PREFIX + id : null),
  load(id) {
    if (!id.startsWith(SHARED_PREFIX)) return null;
    const spec = id.slice(SHARED_PREFIX.length);
    const names = Object.keys(requireFromRoot(spec) as object).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
    return [
      `const m = globalThis[${JSON.stringify(REACT_GLOBAL)}]?.[${JSON.stringify(spec)}];`,
      `if (!m) throw new Error(${JSON.stringify(`${spec} is not loaded: /gmail-panel-react.js must run first`)});`,
      'export default m;',
      `export const { ${names.join(', ')} } = m;`,
    ].join('\n');
  },
};

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [tailwindcss(), noNodeRequire] }),
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((e) => e.name === 'gmail-panel')) config.plugins = [reactFromGlobal, ...(config.plugins ?? [])];
    },
  },
  manifest: ({ browser }) => ({
    name: 'Countersign',
    description: 'Sales agents that draft and research; a human approves every action that matters.',
    // notifications: Sentinel's alerts at notification level and holds (lib/background/sentinel.ts).
    permissions: ['storage', 'unlimitedStorage', 'identity', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: HOSTS,
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Countersign' },
    // Stricter than the browsers' default: no plugins, no <base> rewriting, no form posts from
    // extension pages; scripts only from the package (no eval, inline or remote script).
    content_security_policy:
      browser === 'firefox' ? `${EXTENSION_CSP}` : { extension_pages: EXTENSION_CSP },
    // The Gmail panel's React half, imported by the Gmail content script when a thread first needs it.
    web_accessible_resources:
      browser === 'firefox' ? ['gmail-panel-react.js', 'gmail-panel.js'] : [{ resources: ['gmail-panel-react.js', 'gmail-panel.js'], matches: ['https://mail.google.com/*'], use_dynamic_url: true }],
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: 'countersign@countersign.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } } } : undefined,
  }),
});
