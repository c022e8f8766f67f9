import { describe, expect, it } from 'vitest';
import { Request, type RequestType } from './messages';
import { SENDER_POLICY, mayRequest } from './policy';
import { route, type Handlers } from './router';
import { identifySender, type SenderContext } from './sender';
import { UserFacingError } from './errors';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}`;

const panel = identifySender({ id: EXT_ID, url: `${ORIGIN}/sidepanel.html` }, EXT_ID, ORIGIN);
const popup = identifySender({ id: EXT_ID, url: `${ORIGIN}/popup.html` }, EXT_ID, ORIGIN);
const gmail = identifySender({ id: EXT_ID, url: 'https://mail.google.com/mail/u/0/#inbox/FMfc', tab: { id: 7 }, frameId: 0 }, EXT_ID, ORIGIN);

describe('sender identification', () => {
  it('knows the approval panel, the popup and the Gmail content script from browser-set fields', () => {
    expect(panel.kind).toBe('approval-panel');
    expect(popup.kind).toBe('popup');
    expect(gmail).toMatchObject({ kind: 'gmail-content', tabId: 7, origin: 'https://mail.google.com' });
  });

  it.each([
    ['another extension', { id: 'zzzz', url: `${ORIGIN}/sidepanel.html` }],
    ['no url', { id: EXT_ID }],
    ['another extension page', { id: EXT_ID, url: `${ORIGIN}/other.html` }],
    ['a content script on another site', { id: EXT_ID, url: 'https://evil.example/sidepanel.html', tab: { id: 3 }, frameId: 0 }],
    ['a look-alike host', { id: EXT_ID, url: 'https://mail.google.com.evil.example/', tab: { id: 3 }, frameId: 0 }],
    ['a Gmail subframe', { id: EXT_ID, url: 'https://mail.google.com/mail/u/0/', tab: { id: 3 }, frameId: 4 }],
    ['a content script with the panel path in its URL', { id: EXT_ID, url: `https://mail.google.com/sidepanel.html`, tab: { id: 3 }, frameId: 0 }],
  ])('refuses to give a role to %s', (_what, sender) => {
    const ctx = identifySender(sender, EXT_ID, ORIGIN);
    expect(ctx.kind === 'approval-panel' || ctx.kind === 'popup').toBe(false);
  });
});

describe('sender policy', () => {
  const approvalOnly: RequestType[] = ['approval.approve', 'approval.deny', 'approval.edit', 'approval.retry', 'approvals.list', 'audit.export'];
  it('only the approval panel may approve, deny, edit, retry or list approvals', () => {
    for (const type of approvalOnly) {
      expect(SENDER_POLICY[type]).toEqual(['approval-panel']);
      expect(mayRequest(gmail, type).ok).toBe(false);
      expect(mayRequest(popup, type).ok).toBe(false);
      expect(mayRequest(panel, type).ok).toBe(true);
    }
  });

  it('content scripts cannot read or change settings (secrets stay out of pages)', () => {
    expect(mayRequest(gmail, 'settings.get').ok).toBe(false);
    expect(mayRequest(gmail, 'settings.update').ok).toBe(false);
    expect(mayRequest(gmail, 'gmail.connect').ok).toBe(false);
  });

  it("content scripts may read a lead's score but never see the list, override a score or touch the suppression list", () => {
    const crm = identifySender({ id: EXT_ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/42', tab: { id: 8 }, frameId: 0 }, EXT_ID, ORIGIN);
    expect(crm.kind).toBe('crm-content');
    for (const page of [gmail, crm]) {
      expect(mayRequest(page, 'scout.lead').ok).toBe(true);
      for (const type of ['scout.today', 'scout.override', 'scout.override.revoke', 'suppression.list', 'suppression.add', 'suppression.remove'] as const) {
        expect(mayRequest(page, type).ok).toBe(false);
        expect(mayRequest(panel, type).ok).toBe(true);
      }
    }
  });

  it('every request type has a policy entry', () => {
    const types = Request.options.map((o) => o.shape.type.value);
    expect(Object.keys(SENDER_POLICY).sort()).toEqual([...types].sort());
  });
});

describe('router', () => {
  const calls: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, type: string) => async () => {
      calls.push(type);
      if (type === 'draft.queue') throw new UserFacingError('not_found', 'That draft was not found.');
      if (type === 'thread.open') throw new Error('boom: internal detail');
      return { fine: true };
    },
  });
  const logged: unknown[] = [];
  const send = (msg: unknown, sender: SenderContext) => route(msg, sender, handlers, (e) => logged.push(e));

  it.each([
    ['not an object', 'approve please'],
    ['unknown type', { type: 'email.send', approvalId: 'a' }],
    ['missing field', { type: 'approval.approve', approvalId: 'a' }],
    ['bad hash', { type: 'approval.approve', approvalId: 'a', contentHash: 'xyz' }],
    ['non-hex thread id', { type: 'thread.open', threadId: "x'><script>" }],
    ['empty deny reason', { type: 'approval.deny', approvalId: 'a', reason: '  ' }],
  ])('a malformed message (%s) gets a clear invalid_request error and reaches no handler', async (_what, msg) => {
    calls.length = 0;
    const res = await send(msg, panel);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_request');
      expect(res.error.message).toMatch(/^Malformed/);
    }
    expect(calls).toEqual([]);
  });

  it('a Gmail page sending scout.override is refused before any handler runs', async () => {
    calls.length = 0;
    const override = { type: 'scout.override', contactKey: 'dana@northwind-logistics.com', target: { type: 'score', value: 100 }, reason: 'trust me', expiresAt: null };
    expect(await send(override, gmail)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send({ type: 'scout.today' }, gmail)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(await send(override, panel)).toEqual({ ok: true, data: { fine: true } });
  });

  it('a forbidden request names who may make it and reaches no handler', async () => {
    calls.length = 0;
    const res = await send({ type: 'approval.approve', approvalId: 'a', contentHash: 'a'.repeat(64) }, gmail);
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/the Gmail page may not make a 'approval.approve' request.*the approval panel/) } });
    expect(calls).toEqual([]);
  });

  it('user-facing errors pass through; internal errors are logged, not leaked', async () => {
    expect(await send({ type: 'draft.queue', draftId: 'd1' }, gmail)).toEqual({ ok: false, error: { code: 'not_found', message: 'That draft was not found.' } });
    const res = await send({ type: 'thread.open', threadId: 'abc123' }, gmail);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).not.toMatch(/boom/);
    expect(logged).toHaveLength(1);
  });
});
