// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findComposeBoxes, findReplyBox, insertIntoCompose } from './compose';
import { gmailPage } from './page';
import { loadPage, pageHtml } from './test-pages';

const DRAFT = 'Hi Dana,\n\nThursday at 2pm works.\nSam';

/** The real compose window (2020) in the live document, so focus, selection and events are real. */
function openComposeWindow(): HTMLElement {
  document.body.innerHTML = pageHtml('compose');
  const body = document.querySelector<HTMLElement>('[g_editable=true]');
  if (!body) throw new Error('compose fixture lost its body');
  return body;
}

/** Thread A in the live document, with an inline reply box open under its messages. */
function threadWithInlineReply(): HTMLElement {
  document.body.innerHTML = loadPage('thread').body.innerHTML;
  const reply = document.createElement('div');
  reply.innerHTML = '<form class="bAs"><input type="hidden" name="composeid" value="2"></form><div class="Am aO9 editable" role="textbox" aria-multiline="true" contenteditable="true" g_editable="true"><br></div>';
  document.querySelector('[role=list]')?.after(reply);
  const body = reply.querySelector<HTMLElement>('[role=textbox]');
  if (!body) throw new Error('no reply body');
  return body;
}

/** happy-dom has no execCommand: each test says what the browser's does. */
type Exec = (command: string, showUi?: boolean, value?: string) => boolean;
function stubExecCommand(impl: Exec) {
  const spy = vi.fn(impl);
  Object.defineProperty(document, 'execCommand', { value: spy, configurable: true, writable: true });
  return spy;
}

let clicks: EventTarget[];
const recordClick = (e: Event) => clicks.push(e.target as EventTarget);

beforeEach(() => {
  clicks = [];
  document.addEventListener('click', recordClick, true);
  document.addEventListener('submit', recordClick, true);
});

afterEach(() => {
  document.removeEventListener('click', recordClick, true);
  document.removeEventListener('submit', recordClick, true);
  delete (document as { execCommand?: unknown }).execCommand;
  document.body.innerHTML = '';
});

describe('finding compose and reply boxes', () => {
  it('reads the real compose window: a window with its (empty) subject and To field', () => {
    const boxes = findComposeBoxes(loadPage('compose'));
    expect(boxes.map(({ kind, subject, to }) => ({ kind, subject, to }))).toEqual([{ kind: 'window', subject: '', to: [] }]);
    expect(boxes[0]?.body.getAttribute('aria-multiline')).toBe('true');
  });

  it('reads what was typed into the pre-chips To field and the subject', () => {
    const doc = loadPage('compose');
    doc.querySelector('textarea[name=to]')!.textContent = 'Dana Whitfield <dana@northwind-logistics.com>, ops@contoso-freight.example';
    doc.querySelector('input[name=subjectbox]')!.setAttribute('value', 'Re: Pricing for 40 seats');
    const [box] = findComposeBoxes(doc);
    expect(box?.to).toEqual(['Dana Whitfield <dana@northwind-logistics.com>', 'ops@contoso-freight.example']);
    expect(box?.subject).toBe('Re: Pricing for 40 seats');
  });

  it('finds no box on any thread page or the list, and says so', () => {
    for (const page of ['thread', 'thread-b', 'thread-pre2023', 'list'] as const) expect(findReplyBox(loadPage(page))).toEqual({ ok: false, reason: 'none' });
  });

  it('prefers the reply open in the conversation over a compose window', () => {
    const inline = threadWithInlineReply();
    document.body.insertAdjacentHTML('beforeend', pageHtml('compose'));
    const found = findReplyBox(document);
    expect(found.ok && found.box.body).toBe(inline);
    expect(found.ok && found.box.kind).toBe('inline-reply');
  });

  it('picks none when two compose windows are open, rather than guess', () => {
    document.body.innerHTML = pageHtml('compose') + pageHtml('compose');
    expect(findReplyBox(document)).toEqual({ ok: false, reason: 'several' });
  });

  it('ignores editable boxes outside the main region and compose windows', () => {
    document.body.innerHTML = '<div role="dialog"><div role="textbox" contenteditable="true"></div></div><div role="textbox" contenteditable="true"></div>';
    expect(findComposeBoxes(document)).toEqual([]);
  });
});

describe('inserting a draft into the real compose window', () => {
  it('falls back to text nodes and line breaks plus an input event where execCommand does nothing', () => {
    const body = openComposeWindow();
    const inputs: InputEvent[] = [];
    body.addEventListener('input', (e) => inputs.push(e as InputEvent));
    stubExecCommand(() => false);

    expect(insertIntoCompose(body, DRAFT)).toBe('dom');
    expect(body.innerHTML).toBe('Hi Dana,<br><br>Thursday at 2pm works.<br>Sam');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.bubbles).toBe(true);
    expect(document.activeElement).toBe(body);
    expect(clicks).toEqual([]); // nothing clicked, nothing submitted: Send is never pressed
  });

  it('uses execCommand insertText where the browser supports it, and never inserts twice', () => {
    const body = openComposeWindow();
    const exec = stubExecCommand((command, _ui, value) => {
      // What Chrome does with insertText in a contenteditable: text at the caret.
      if (command !== 'insertText' || document.activeElement !== body) return false;
      body.replaceChildren(document.createTextNode(value ?? ''));
      return true;
    });
    expect(insertIntoCompose(body, DRAFT)).toBe('execCommand');
    expect(exec).toHaveBeenCalledWith('insertText', false, DRAFT);
    expect(body.textContent).toBe(DRAFT);
    expect(clicks).toEqual([]);
  });

  it('works where there is no execCommand at all (happy-dom itself)', () => {
    const body = openComposeWindow();
    expect(insertIntoCompose(body, 'Thanks!')).toBe('dom');
    expect(body.textContent).toBe('Thanks!');
  });

  it('does not trust an execCommand that reports success but changes nothing', () => {
    const body = openComposeWindow();
    stubExecCommand(() => true);
    expect(insertIntoCompose(body, 'Thanks!')).toBe('dom');
    expect(body.textContent).toBe('Thanks!');
  });

  it("inserts at the rep's caret and keeps what they already wrote", () => {
    const body = openComposeWindow();
    stubExecCommand(() => false);
    body.innerHTML = 'Before. After.';
    const text = body.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, 8);
    range.collapse(true);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    insertIntoCompose(body, 'Middle. ');
    expect(body.textContent).toBe('Before. Middle. After.');
  });

  it('puts the draft above the quoted history when the caret is elsewhere', () => {
    const body = openComposeWindow();
    stubExecCommand(() => false);
    body.innerHTML = '<div class="gmail_quote">On Wed, Dana wrote:</div>';
    window.getSelection()?.removeAllRanges();
    insertIntoCompose(body, 'Sounds good.');
    expect(body.innerHTML).toBe('Sounds good.<div class="gmail_quote">On Wed, Dana wrote:</div>');
  });

  it("through the page interface the panel uses: tells where it went, or to open Gmail's reply box first", () => {
    openComposeWindow();
    stubExecCommand(() => false);
    expect(gmailPage(document).insertIntoReply(DRAFT)).toEqual({ ok: true, kind: 'window', method: 'dom' });
    document.body.innerHTML = loadPage('thread').body.innerHTML;
    expect(gmailPage(document).insertIntoReply(DRAFT)).toEqual({ ok: false, reason: 'none' });
    expect(clicks).toEqual([]);
  });
});
