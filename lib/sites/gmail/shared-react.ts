/**
 * The Gmail panel is loaded as two unlisted scripts in the content script's world: React
 * (/gmail-panel-react.js) and the panel (/gmail-panel.js), whose imports of these modules the
 * build resolves to this global (wxt.config.ts). Each script is small enough to compile and
 * evaluate in under 50 ms on a slow machine; one script with both was not.
 */
export const REACT_GLOBAL = '__countersignReact';
export const SHARED_REACT_MODULES = ['react', 'react/jsx-runtime', 'react-dom/client'] as const;
export type SharedReact = Record<(typeof SHARED_REACT_MODULES)[number], object>;
