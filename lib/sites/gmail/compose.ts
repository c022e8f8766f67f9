/**
 * Gmail's compose and reply boxes: finding them (pure) and putting a draft into one for the rep's
 * own editing (the only write Countersign makes to Gmail's DOM besides its panel). Nothing here
 * clicks, submits or presses a key: sending stays in the approval panel.
 */
import { isShown, shown } from './adapter';
import { closestHook, queryHook } from './hooks';

export interface ComposeBox {
  /** The editable body (contenteditable). */
  body: HTMLElement;
  /** In the conversation (inline reply) or a compose window (mole, pop-out). */
  kind: 'inline-reply' | 'window';
  /** Subject input's value; null where the box has none (inline replies). */
  subject: string | null;
  /** Addresses typed in the pre-2021 To field; null where that field is not there (chips). */
  to: string[] | null;
}

const valueOf = (el: Element): string => {
  const live = (el as Partial<HTMLInputElement>).value;
  return typeof live === 'string' ? live : (el.getAttribute('value') ?? el.textContent ?? '');
};

/** The compose window around el: a dialog that holds a compose form. */
function composeWindowOf(el: Element): Element | null {
  const win = closestHook(el, 'composeWindow');
  return win && queryHook(win, 'composeDialog').length > 0 ? win : null;
}

/**
 * Every shown compose body with what its box says about itself: in a compose window, or inline in
 * the main region (a reply in the conversation). Editable text boxes anywhere else (dialogs that
 * are not compose windows, say) are not compose boxes.
 */
export function findComposeBoxes(doc: ParentNode): ComposeBox[] {
  return shown(doc, 'composeBody').flatMap((body): ComposeBox[] => {
    const win = composeWindowOf(body);
    if (!win) return closestHook(body, 'main') && !closestHook(body, 'composeWindow') ? [{ body: body as HTMLElement, kind: 'inline-reply', subject: null, to: null }] : [];
    const subject = queryHook(win, 'composeSubject', isShown)[0];
    const to = queryHook(win, 'composeTo')[0];
    return [
      {
        body: body as HTMLElement,
        kind: 'window',
        subject: subject ? valueOf(subject).trim().slice(0, 998) : null,
        to: to
          ? valueOf(to)
              .split(/[,;]/)
              .map((a) => a.trim())
              .filter(Boolean)
          : null,
      },
    ];
  });
}

export type ReplyBoxResult = { ok: true; box: ComposeBox } | { ok: false; reason: 'none' | 'several' };

/**
 * The box a draft should go into: the reply open in the conversation, else the one compose
 * window. Several candidates of the same kind: none is picked (the rep would not see which).
 */
export function findReplyBox(doc: ParentNode): ReplyBoxResult {
  const boxes = findComposeBoxes(doc);
  for (const kind of ['inline-reply', 'window'] as const) {
    const candidates = boxes.filter((b) => b.kind === kind);
    if (candidates.length > 1) return { ok: false, reason: 'several' };
    const [box] = candidates;
    if (box) return { ok: true, box };
  }
  return { ok: false, reason: 'none' };
}

export type InsertMethod = 'execCommand' | 'dom';

const flat = (text: string): string => text.replace(/\s+/g, '');

/** A caret in the body: where the rep left it, else at the very start (above quote and signature). */
function placeCaret(body: HTMLElement): Range | null {
  const doc = body.ownerDocument;
  const selection = doc.defaultView?.getSelection() ?? null;
  if (!selection) return null;
  const current = selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
  if (current && body.contains(current.startContainer) && body.contains(current.endContainer)) return current;
  const range = doc.createRange();
  range.setStart(body, 0);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
  return range;
}

/** A body holding only Gmail's placeholder line (<br> or an empty <div><br></div>). */
const isBlank = (body: HTMLElement): boolean => (body.textContent ?? '').trim() === '' && !body.querySelector('img, table, blockquote');

function insertNodes(body: HTMLElement, text: string, range: Range | null): void {
  const doc = body.ownerDocument;
  const fragment = doc.createDocumentFragment();
  text.split(/\r?\n/).forEach((line, i) => {
    if (i > 0) fragment.append(doc.createElement('br'));
    if (line) fragment.append(doc.createTextNode(line));
  });
  const last = fragment.lastChild;
  if (isBlank(body) || !range) {
    if (isBlank(body)) body.replaceChildren(fragment);
    else body.prepend(fragment);
  } else {
    range.deleteContents();
    range.insertNode(fragment);
  }
  if (last && range) {
    range.setStartAfter(last);
    range.collapse(true);
  }
  const win = doc.defaultView;
  const InputEventCtor = win?.InputEvent ?? win?.Event;
  if (InputEventCtor) body.dispatchEvent(new InputEventCtor('input', { bubbles: true, inputType: 'insertText', data: text } as InputEventInit));
}

/**
 * Puts `text` into the compose body at the caret, as if typed: `execCommand('insertText')` on the
 * focused editable (Gmail's editor sees a normal input and keeps its undo history), else text
 * nodes and line breaks plus an input event. Returns the method that worked.
 */
export function insertIntoCompose(body: HTMLElement, text: string): InsertMethod {
  const doc = body.ownerDocument;
  body.focus();
  const range = placeCaret(body);
  const before = flat(body.textContent ?? '');
  try {
    // Any change counts: the editor may reshape whitespace, and inserting twice would be worse.
    if (typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text) && flat(body.textContent ?? '') !== before) return 'execCommand';
  } catch {
    // Not supported here (old engines, test DOMs): the DOM route below does the same.
  }
  insertNodes(body, text, range);
  return 'dom';
}
