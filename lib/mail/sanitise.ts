import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

/**
 * Inbound email HTML, made safe to show in an extension page (the approval panel). The sender
 * controls every byte, so the result carries nothing that runs, loads or restyles the page:
 * - no scripts, frames, plugins, forms, SVG/MathML, <style>/<link>/<meta>/<base>, no on* handlers;
 * - no remote or data: resources: an image loses its src (remote images are tracking pixels) and
 *   keeps its alt text;
 * - no style, class or id attributes: inline CSS can load URLs or lay a fake button over the
 *   panel, a class can borrow the panel's own utility classes (`fixed inset-0`), an id can clobber
 *   DOM globals. Text hidden with CSS therefore becomes visible to the reviewer, on purpose;
 * - links only to http(s), mailto and tel, always opening a new tab with no referrer or opener.
 */

const FORBID_TAGS = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'output',
  'link', 'meta', 'base', 'svg', 'math', 'template', 'slot', 'noscript', 'noembed', 'noframes',
  'audio', 'video', 'source', 'track', 'picture', 'canvas', 'map', 'area', 'dialog', 'title',
];

const FORBID_ATTR = [
  'style', 'class', 'id', 'name', 'srcset', 'background', 'poster', 'ping', 'action', 'formaction',
  'xlink:href', 'usemap', 'lowsrc', 'dynsrc', 'srcdoc', 'form', 'popover', 'popovertarget', 'autofocus',
  'tabindex', 'contenteditable', 'target', 'rel', 'is',
];

/** Absolute http(s), mailto and tel URLs only: relative ones would resolve inside the extension. */
const ALLOWED_URI = /^(?:https?:\/\/|mailto:|tel:)/i;

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOWED_URI_REGEXP: ALLOWED_URI,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
};

let instance: DOMPurify | undefined;

function purifier(): DOMPurify {
  if (instance) return instance;
  // A private instance: our hooks must not change how anyone else's DOMPurify behaves.
  const purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeType !== 1) return;
    if (node.tagName === 'IMG') {
      node.removeAttribute('src');
      node.setAttribute('alt', node.getAttribute('alt') ?? '');
    }
    for (const attr of ['href', 'src', 'cite']) {
      const value = node.getAttribute(attr);
      if (value !== null && !ALLOWED_URI.test(value.trim())) node.removeAttribute(attr);
    }
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  instance = purify;
  return purify;
}

const FORBIDDEN = new Set(FORBID_TAGS.map((t) => t.toUpperCase()));
const FORBIDDEN_ATTRS = new Set(FORBID_ATTR.filter((a) => a !== 'target' && a !== 'rel'));
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * Independent check of DOMPurify's output, parsed in an inert <template>: the first thing found
 * that could run, load or restyle, or null. Guards against a DOM that DOMPurify cannot fully walk
 * (some DOM implementations skip the kept children of a removed element).
 */
function findActiveContent(html: string): string | null {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const el of Array.from(template.content.querySelectorAll('*'))) {
    if (el.namespaceURI !== HTML_NS || FORBIDDEN.has(el.tagName.toUpperCase())) return `<${el.tagName}>`;
    for (const { name, value } of Array.from(el.attributes)) {
      const attr = name.toLowerCase();
      if (attr.startsWith('on') || FORBIDDEN_ATTRS.has(attr)) return `${attr} on <${el.tagName}>`;
      if ((attr === 'href' || attr === 'cite') && !ALLOWED_URI.test(value.trim())) return `${attr}=${value}`;
      if (attr === 'src' || attr === 'data') return `${attr} on <${el.tagName}>`;
    }
  }
  return null;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function sanitiseEmailHtml(html: string): string {
  const purify = purifier();
  let out = html;
  // One pass suffices in browsers; a second catches anything a partial DOM walk left behind.
  for (let pass = 0; pass < 3; pass += 1) {
    out = purify.sanitize(out, { ...CONFIG, RETURN_TRUSTED_TYPE: false });
    if (findActiveContent(out) === null) return out;
  }
  // Fail closed: show the words, never the markup.
  const template = document.createElement('template');
  template.innerHTML = out;
  return `<pre>${escapeText(template.content.textContent ?? '')}</pre>`;
}
