/**
 * Plain text from Gmail's rendered markup, without layout (so it runs the same in the page, in
 * happy-dom and in linkedom). The result is untrusted page text: display it as text, never as HTML.
 */

export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

const BLOCKS = new Set(['ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE']);

const hiddenByMarkup = (el: Element): boolean => el.hasAttribute('hidden') || /(^|;)\s*display\s*:\s*none/i.test(el.getAttribute('style') ?? '');

/**
 * Text of an element with line breaks where the page shows them (<br>, block elements). Emoji
 * images count as their character. Elements hidden by markup, and those `skip` names, are left out.
 */
export function plainText(root: Element, skip: (el: Element) => boolean = () => false, max = 20_000): string {
  let out = '';
  const newline = () => {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
  };
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (out.length > max) return;
      if (child.nodeType === 3) out += (child.nodeValue ?? '').replace(/\s+/g, ' ');
      else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName.toUpperCase();
        if (SKIPPED.has(tag) || hiddenByMarkup(el) || skip(el)) continue;
        if (tag === 'BR') out += '\n';
        else if (tag === 'IMG') out += el.getAttribute('data-emoji') ?? '';
        else if (BLOCKS.has(tag)) {
          newline();
          walk(el);
          newline();
        } else walk(el);
      }
    }
  };
  walk(root);
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, max);
}

/** Heading text; Gmail renders emoji as <img data-emoji="…">, which textContent would drop. */
export function headingText(heading: Element, max = 1000): string {
  let text = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName.toUpperCase() === 'IMG') text += el.getAttribute('data-emoji') ?? el.getAttribute('alt') ?? '';
        else walk(el);
      }
    }
  };
  walk(heading);
  return squash(text).slice(0, max);
}
