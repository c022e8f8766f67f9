import * as React from 'react';
import * as ReactJsxRuntime from 'react/jsx-runtime';
import * as ReactDomClient from 'react-dom/client';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { REACT_GLOBAL, type SharedReact } from '../lib/sites/gmail/shared-react';

/**
 * React for the Gmail panel, in a file of its own: /gmail-panel.js takes React from here (see
 * wxt.config.ts), so the content script loads the panel as two smaller scripts, and neither one's
 * compile and evaluation is a long task on a slow machine.
 */
export default defineUnlistedScript(() => {
  const shared: SharedReact = { react: React, 'react/jsx-runtime': ReactJsxRuntime, 'react-dom/client': ReactDomClient };
  (globalThis as unknown as Record<typeof REACT_GLOBAL, SharedReact | undefined>)[REACT_GLOBAL] = shared;
});
