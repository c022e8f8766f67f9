import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';

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
];

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [tailwindcss()] }),
  manifest: ({ browser }) => ({
    name: 'Countersign',
    description: 'Sales agents that draft and research; a human approves every action that matters.',
    permissions: ['storage', 'unlimitedStorage', 'identity', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: HOSTS,
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Countersign' },
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: 'countersign@countersign.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } } } : undefined,
  }),
});
