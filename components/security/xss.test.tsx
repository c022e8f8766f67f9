// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Evidence, Flag, Signal } from '../../lib/agents/scout/model';
import type { FieldSource } from '../../lib/agents/cipher/sync/provenance';
import { createSequence, enrol } from '../../lib/agents/herald/sequences';
import type { AlertRow, CountersignDb, LeadRow } from '../../lib/db/schema';
import { queueDraft } from '../../lib/gates/email-gate';
import { appendAudit, auditedTransaction, humanActor } from '../../lib/audit/log';
import type { ThreadMessage, ThreadSnapshot } from '../../lib/mail/thread';
import type {
  CrmRecordView,
  HealthView,
  OperatorView as OperatorViewData,
  PipelineView,
  ScoutLeadView,
  StageChangeView,
  SyncView as SyncViewData,
} from '../../lib/protocol/responses';
import { route } from '../../lib/protocol/router';
import type { SenderContext } from '../../lib/protocol/sender';
import type { RecordPage } from '../../lib/sites/crm/record-url';
import type { GmailPage } from '../../lib/sites/gmail/page';
import { decodedMessage, seedDraft } from '../../test/fixtures';
import { APPROVAL_PANEL, click, realBackground, renderWithQueries, settle, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { ApprovalQueue } from '../approvals/ApprovalQueue';
import { AuditLog } from '../audit/AuditLog';
import { PipelineBoard } from '../cipher/pipeline/PipelineBoard';
import { SyncView } from '../cipher/sync/SyncView';
import { RecentNotes } from '../crm/RecentNotes';
import { RecordDetails } from '../crm/RecordDetails';
import { RecordPanel } from '../crm/RecordPanel';
import { GmailPanel } from '../gmail/GmailPanel';
import { MessageItem } from '../gmail/MessageItem';
import { SequencesView } from '../herald/sequences/SequencesView';
import { OperatorView } from '../operator/OperatorView';
import { LeadCard } from '../scout/lead/LeadCard';
import { TodayView } from '../scout/today/TodayView';
import { answerAs, CANARY, clearCanary, expectInert, expectShownAsText, HOSTILE, hostile, SHORT } from './hostile';

/**
 * XSS: hostile HTML in email bodies, sender names, subjects and audit details is inert in the
 * panels, rendered by the real components over the real background (every panel: approvals, audit,
 * Gmail, CRM record, Scout, Cipher sync and pipeline, operator, sequences). Helpers: ./hostile.ts. After rendering, the panel's
 * DOM holds no script, no event-handler attribute, no javascript:/data: URL, no iframe, form or
 * object, and the canary (window.__pwned) is never set.
 *
 * lib/mail/sanitise.test.ts covers the sanitiser itself.
 */

const bg = realBackground();
const panel = shadowPanel('countersign-xss');
let db: CountersignDb;

beforeEach(() => {
  db = bg.db();
  clearCanary();
});

const root = () => panel.host().shadowRoot;
const byTestId = (testId: string) => panel.inPanel(testId);

/** Opens every <details> and presses every button that shows more ("Why", "Facts", "expand"), then checks again. */
async function expandAndCheck(...testIds: string[]) {
  for (const d of root()!.querySelectorAll('details')) d.setAttribute('open', '');
  for (const id of testIds) for (const el of panel.allInPanel(id)) await click(el);
  await settle();
  expectInert(root());
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

// ---------------------------------------------------------------------------------------------
// The remaining panels. Data a remote system (Gmail, the CRM) would have supplied is answered by
// answerAs() as the background would have passed it on; everything else is the real background
// over a database seeded with hostile rows.
// ---------------------------------------------------------------------------------------------

const THREAD_ID = '18c2f1a9b7e4d3c0';
const LEAD_EMAIL = 'dana@northwind-logistics.com';
const GMAIL_TAB: SenderContext = { kind: 'gmail-content', tabId: 7, origin: 'https://mail.google.com', url: `https://mail.google.com/mail/u/0/#inbox/${THREAD_ID}` };
const CRM_TAB: SenderContext = { kind: 'crm-content', tabId: 8, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/contacts/123/record/0-1/501' };
const evidence = (quote: string, source: Evidence['source'] = 'message'): Evidence => ({ source, ref: SHORT, quote: quote.slice(0, 500) });

/** Scout's answer about a lead whose every word is hostile: name, company, flags, factors, brief. */
function hostileLead(email = LEAD_EMAIL): ScoutLeadView {
  const fact = { id: 'S1', text: hostile('Brief fact'), evidence: evidence(HOSTILE, 'signature') };
  return {
    contactKey: email,
    email,
    name: hostile('Lead name', 200),
    company: hostile('Lead company', 200),
    score: {
      score: 42,
      computed: 37,
      factors: [{ group: 'intent', key: 'pricing', label: hostile('Factor label', 200), points: 10, evidence: evidence(hostile('Factor evidence', 500)) }],
      flags: [{ kind: 'competitor_signed', detail: hostile('Flag detail', 300), until: `2026-02-01${SHORT}`, evidence: evidence(hostile('Flag evidence'), 'crm') }],
      overridden: { id: 'o1', value: 42, reason: hostile('Override reason', 300), expiresAt: null },
    },
    suppression: { email, reason: 'manual', evidence: evidence(HOSTILE), by: { type: 'human', id: SHORT }, at: Date.now(), description: hostile('Suppression description') },
    crm: { system: 'HubSpot', state: 'failed', checkedAt: Date.now(), message: hostile('CRM read failed') },
    brief: {
      facts: [fact, { id: 'S2', text: hostile('Second fact'), evidence: evidence(SHORT, 'domain') }],
      synthesis: {
        claims: [{ text: hostile('Brief claim', 400), sources: [fact] }],
        dropped: [{ text: HOSTILE, why: 'unsupported_detail', detail: hostile('Dropped detail') }],
      },
      synthesisError: hostile('Synthesis error'),
      generatedAt: new Date().toISOString(),
      partial: hostile('Brief partial'),
    },
  } as ScoutLeadView;
}

/** A Gmail message whose every part is hostile: HTML body, sender name, subject, attachments, signature, quote. */
const hostileMessage = (id: string): ThreadMessage =>
  decodedMessage({
    id,
    threadId: THREAD_ID,
    from: { name: hostile('Sender name', 200), email: LEAD_EMAIL },
    to: [{ name: hostile('Recipient name', 200), email: 'sam.rep@example.com' }],
    cc: [{ name: SHORT, email: 'cc@example.com' }],
    subject: hostile('Message subject'),
    text: hostile('Message text', 4000),
    html: `<p>Hi</p>${HOSTILE}`,
    snippet: hostile('Snippet'),
    body: hostile('Message body', 4000),
    quoted: hostile('Quoted history', 4000),
    signature: hostile('Signature', 4000),
    attachments: [
      { filename: hostile('Attachment', 200), mimeType: 'application/pdf', size: 2048 },
      { filename: '', mimeType: `text/html${SHORT}`, size: 10 },
    ],
  });

const hostileSnapshot = (): ThreadSnapshot => ({ id: THREAD_ID, subject: hostile('Thread subject'), historyId: '2', fetchedAt: Date.now(), messages: [hostileMessage('m-1'), hostileMessage('m-2')] });

/** The Gmail page as a hostile page shows it (untrusted DOM text). */
const hostilePage = (): GmailPage => ({
  readVisibleMessages: () => ({
    ok: true,
    value: {
      partial: true,
      threadId: THREAD_ID,
      subject: hostile('Page subject'),
      messages: [
        { sender: { name: hostile('Page sender', 200), email: `x@y.example${SHORT}` }, date: hostile('Page date', 80), text: hostile('Page text'), quoteLeftOut: true },
        { sender: { name: SHORT, email: LEAD_EMAIL }, date: null, text: null, quoteLeftOut: false },
      ],
    },
  }),
  insertIntoReply: () => ({ ok: true, kind: 'inline-reply', method: 'execCommand' }),
});

const hostileOpenThread = { threadId: THREAD_ID, subject: hostile('Open thread subject'), senders: [{ name: hostile('Open thread sender', 200), email: LEAD_EMAIL }, { name: '', email: `z@z.example${SHORT}` }] };

describe('hostile data is inert in the Gmail panel (ThreadPanel, MessageItem, PageFallback)', () => {
  it('the thread from the Gmail API: HTML body, sender name, subject, attachment names, signature, quoted history, and the lead card', async () => {
    // The cached snapshot is read by the real background; the refresh is Gmail's answer.
    await db.threads.put({ id: THREAD_ID, snapshot: hostileSnapshot(), updatedAt: Date.now() });
    answerAs(bg.handlers, GMAIL_TAB, { 'thread.refresh': () => ({ snapshot: hostileSnapshot(), changed: true }), 'scout.lead': () => hostileLead() });
    await renderWithQueries(panel.root(), <GmailPanel thread={hostileOpenThread} degraded={[SHORT]} page={hostilePage()} />);
    await settle();
    expect(byTestId('cs-thread-source')?.getAttribute('data-source')).toBe('gmail');
    expect(panel.allInPanel('cs-thread-message')).toHaveLength(2);
    expectShownAsText(root(), 'Open thread subject <script>', 'Open thread sender', 'Sender name', 'Message body', 'onerror', 'Attachment', 'Lead name', 'Flag detail');
    expectInert(root());
    await expandAndCheck('cs-lead-why', 'cs-brief-facts-toggle');
    expectShownAsText(root(), 'Quoted history', 'Signature', 'Factor evidence', 'Brief fact');
    expectShownAsText(byTestId('cs-thread-message-attachments'), `📎 Attachment <script>${CANARY}</script>`);
  });

  it('the thread read from the page while Gmail is not connected, and the collapsed tab', async () => {
    const onCollapsed = vi.fn();
    // The real background, asked by the Gmail tab, answers that Gmail is not connected.
    answerAs(bg.handlers, GMAIL_TAB, { 'scout.lead': () => hostileLead() });
    await renderWithQueries(panel.root(), <GmailPanel thread={hostileOpenThread} degraded={[]} page={hostilePage()} onCollapsedChange={onCollapsed} />);
    await settle();
    expect(byTestId('cs-page-fallback')).not.toBeNull();
    expectShownAsText(root(), 'Page sender', 'Page text', 'Page date', 'onerror');
    expectInert(root());
    await click(byTestId('cs-page-fallback-reread'));
    expectInert(root());
    await renderWithQueries(panel.root(), <GmailPanel thread={hostileOpenThread} degraded={[]} page={hostilePage()} collapsed placement="floating" />);
    expectInert(root());
  });

  it('MessageItem alone, every part hostile, open', async () => {
    await renderWithQueries(panel.root(), <ol><MessageItem message={hostileMessage('m-3')} open /></ol>);
    for (const d of root()!.querySelectorAll('details')) d.setAttribute('open', '');
    expectShownAsText(root(), 'Sender name', 'Message body', 'Quoted history', 'Signature', 'Attachment');
    expectInert(root());
  });
});

describe('hostile data is inert in the CRM record panel (RecordPanel, RecordDetails, RecentNotes)', () => {
  const page: RecordPage = { crm: 'hubspot', type: 'contact', id: '501', object: '0-1' };
  const record = (): CrmRecordView => ({
    status: 'ok',
    ref: { crm: 'hubspot', type: 'contact', id: '501' },
    title: hostile('Record title', 300),
    subtitle: hostile('Record subtitle', 300),
    record: { id: '501', email: LEAD_EMAIL, firstName: HOSTILE, lastName: SHORT, title: HOSTILE, phone: SHORT, companyId: SHORT, ownerId: null, updatedAt: null, properties: { note: HOSTILE } },
    stage: { pipeline: hostile('Pipeline label'), stage: hostile('Stage label'), pipelineId: 'default', stageId: 'lead', stages: [{ id: 'lead', label: hostile('Stage option') }, { id: `x${SHORT}`, label: SHORT }] },
    related: [{ type: 'company', id: SHORT }, { type: 'deal', id: `9001${HOSTILE.slice(0, 80)}` }],
    notes: [
      // HubSpot's hs_note_body is HTML.
      { id: 'n1', body: `<p>Note body</p>${HOSTILE}`, createdAt: '2026-01-05T10:00:00Z', attachedTo: [] },
      { id: 'n2', body: hostile('Plain note'), createdAt: null, attachedTo: [] },
      { id: 'n3', body: `<img src="javascript:${CANARY}"><a href="javascript:${CANARY}">Linked note</a>`, createdAt: SHORT, attachedTo: [] },
    ],
    gmail: [{ threadId: THREAD_ID, subject: hostile('Gmail subject'), lastFrom: hostile('Last from', 200), lastDate: '2026-01-05T10:00:00Z', messages: 3 }],
  });

  it('hostile record name, title, stage and related labels, HTML notes from HubSpot, Gmail threads, and the lead card', async () => {
    answerAs(bg.handlers, CRM_TAB, { 'crm.record': () => record(), 'scout.lead': (req) => hostileLead(String(req.email)) });
    await renderWithQueries(panel.root(), <RecordPanel page={page} collapsed={false} onCollapsedChange={() => undefined} />);
    await settle();
    expect(byTestId('cs-crm-title')?.textContent).toBe(hostile('Record title', 300));
    expectShownAsText(root(), 'Record subtitle', 'Stage label', 'Pipeline label', 'Note body', 'Plain note', 'Linked note', 'Gmail subject', 'Last from', 'Lead name');
    expect(byTestId('cs-crm-notes')?.querySelector('img, a, p p')).toBeNull();
    expectInert(root());
    await expandAndCheck('cs-lead-why', 'cs-brief-facts-toggle');
  });

  it('RecordDetails and RecentNotes alone', async () => {
    const view = record() as Extract<CrmRecordView, { status: 'ok' }>;
    await renderWithQueries(panel.root(), <RecordDetails view={view} page={page} />);
    expectShownAsText(root(), 'Note body', 'Stage label', 'Gmail subject');
    expectInert(root());
    await renderWithQueries(panel.root(), <RecentNotes notes={view.notes} />);
    expectShownAsText(root(), 'Note body', CANARY);
    expectInert(root());
  });

  it('the record that cannot be read: hostile error and not-connected messages', async () => {
    answerAs(bg.handlers, CRM_TAB, { 'crm.record': () => ({ status: 'not_connected', ref: { crm: 'hubspot', type: 'contact', id: '501' }, message: hostile('Not connected') }) });
    await renderWithQueries(panel.root(), <RecordPanel page={page} collapsed={false} onCollapsedChange={() => undefined} />);
    expectShownAsText(root(), 'Not connected');
    expectInert(root());
    answerAs(bg.handlers, CRM_TAB, { 'crm.record': () => Promise.reject(Object.assign(new Error(hostile('CRM error')), { code: 'upstream' })) });
    await renderWithQueries(panel.root(), <RecordPanel page={{ ...page, id: '502' }} collapsed={false} onCollapsedChange={() => undefined} />);
    expectShownAsText(root(), 'CRM error');
    expectInert(root());
  });
});

describe("hostile data is inert in Scout's lead card and today view", () => {
  it('LeadCard: hostile name, company, flag details, factor evidence, brief facts and claims, suppression, CRM failure', async () => {
    answerAs(bg.handlers, APPROVAL_PANEL, { 'scout.lead': (req) => hostileLead(String(req.email)) });
    await renderWithQueries(panel.root(), <LeadCard subject={{ email: LEAD_EMAIL, name: HOSTILE }} />);
    expect(byTestId('cs-lead')).not.toBeNull();
    expectShownAsText(root(), 'Lead name', 'Flag detail', 'Suppression description', 'CRM read failed', 'Override reason', 'Brief claim', 'was dropped', 'Synthesis error', 'Brief partial');
    expectInert(root());
    await expandAndCheck('cs-lead-why', 'cs-brief-facts-toggle');
    expectShownAsText(root(), 'Factor label', 'Factor evidence', 'Brief fact', 'Second fact');
    // The claim's sources are in a tooltip: an attribute, escaped.
    expect(root()!.querySelector('sup')?.getAttribute('title')).toContain('Brief fact');
  });

  it('LeadCard: a hostile error from the background is shown as text', async () => {
    answerAs(bg.handlers, APPROVAL_PANEL, { 'scout.lead': () => Promise.reject(Object.assign(new Error(hostile('Scout error')), { code: 'not_found' })) });
    await renderWithQueries(panel.root(), <div><p>a</p><p>b</p><LeadCard subject={{ email: LEAD_EMAIL }} /></div>);
    expectShownAsText(root(), 'Scout error');
    expectInert(root());
  });

  it('TodayView: hostile lead names, companies, flag details and signal evidence from the database, and suppressed addresses', async () => {
    const now = Date.now();
    const sig = (group: Signal['group'], key: string, value: Signal['value']): Signal => ({ group, key, value, evidence: evidence(hostile(`Signal ${key}`, 500)), extractedBy: 'rule' });
    const lead = (contactKey: string, flags: Flag[]): LeadRow => ({
      contactKey,
      email: contactKey,
      name: hostile('Today name', 200),
      company: hostile('Today company', 200),
      signals: [sig('engagement', 'last_inbound', new Date(now - 86_400_000).toISOString()), sig('intent', 'pricing', true), sig('fit', 'industry', SHORT)],
      flags,
      threadIds: [],
      updatedAt: now,
    });
    await db.leads.bulkPut([
      lead('flagged@northwind.example', [{ kind: 'competitor_signed', detail: hostile('Today flag', 300), until: null, evidence: evidence(hostile('Today flag evidence'), 'crm') }]),
      lead('ranked@northwind.example', []),
    ]);
    await db.suppressions.put({ email: 'gone@northwind.example', reason: 'opt_out', evidence: evidence(hostile('Opt-out evidence')), by: { type: 'system', id: SHORT }, at: now });
    await renderWithQueries(panel.root(), <TodayView />);
    await settle();
    expect(panel.allInPanel('cs-today-entry')).toHaveLength(2);
    expectShownAsText(root(), 'Today name', 'Today flag');
    expectInert(root());
    await expandAndCheck('cs-today-expand');
    expectShownAsText(root(), 'Signal pricing');
    await expandAndCheck('cs-today-override');
  });
});

describe('hostile data is inert in Cipher: the CRM sync and the pipeline board', () => {
  const source = (field: string, s: FieldSource['source']): FieldSource => ({ field, source: s, evidence: hostile(`Evidence ${field}`) });
  const sync = (id: string, state: SyncViewData['state']): SyncViewData => ({
    id,
    state,
    crm: 'hubspot',
    proposalHash: `${'a'.repeat(60)}${SHORT}`,
    approved: state !== 'proposed',
    createdAt: Date.now(),
    reproposalOf: state === 'proposed' ? SHORT : null,
    counts: { creates: 1, updates: 1, unchanged: 0, missing: 0, notes: 1 },
    results: { applied: 1, failed: 1, conflict: 0, skipped: 0, pending: 1 },
    records: [
      {
        key: `contact:${SHORT}`,
        kind: 'contact',
        label: hostile('Sync label', 300),
        id: SHORT,
        action: 'update',
        diff: [
          { field: 'title', before: hostile('Before value'), after: hostile('After value') },
          { field: HOSTILE.slice(0, 60), before: { html: HOSTILE }, after: [HOSTILE, SHORT] },
          { field: 'properties.hs_custom', before: null, after: 42 },
        ],
        sources: [source('title', 'signature'), source(SHORT, 'thread'), source('note', 'approved_email')],
        result: state === 'proposed' ? null : { status: 'failed', detail: hostile('Result detail', 300) },
      },
      { key: 'note:1', kind: 'note', label: hostile('Note label'), id: null, action: 'add_note', diff: [{ field: 'note', before: null, after: `<p>Approved email</p>${HOSTILE}` }], sources: [], result: null },
    ],
  });

  it('SyncView: hostile diff before/after values, field names, labels, source evidence and results', async () => {
    answerAs(bg.handlers, APPROVAL_PANEL, { 'sync.list': () => [sync('s1', 'proposed'), sync('s2', 'partial')] });
    await renderWithQueries(panel.root(), <SyncView />);
    await settle();
    expect(panel.allInPanel('cs-sync-item')).toHaveLength(2);
    expectShownAsText(root(), 'Sync label', 'Before value', 'After value', 'Evidence title', 'Result detail', 'Approved email', 'onerror');
    expectInert(root());
  });

  it('PipelineBoard: hostile deal names, pipeline and stage labels, proposer ids', async () => {
    const now = Date.now();
    const label = (what: string) => hostile(what, 120);
    const stage = (stageId: string, what: string, closed: 'won' | 'lost' | null = null) => ({ stageId, label: label(what), closed, count: 1, value: 1000, unvalued: 1, daysInStage: { mean: 3, median: 3 }, conversionToNext: 0.5, reached: 2 });
    const stats = { pipelineId: 'sales', label: label('Pipeline'), stages: [stage('lead', 'Stage lead'), stage('won', 'Stage won', 'won')], ageing: [{ dealId: 'd1', name: label('Ageing deal'), pipelineId: 'sales', stageId: 'lead', daysSinceUpdate: 40 }], unknownStage: 1, fromHistory: true };
    const change = (id: string, state: StageChangeView['state'], proposedBy: StageChangeView['proposedBy']): StageChangeView => ({
      id,
      state,
      crm: 'hubspot',
      proposalHash: `hash-${id}${SHORT}`,
      dealId: 'd1',
      dealName: label('Change deal'),
      from: { stageId: 'lead', label: label('From stage') },
      to: { stageId: 'won', label: label('To stage') },
      proposedBy,
      createdAt: now - 1000,
      appliedAt: state === 'proposed' ? null : now,
      undoneAt: null,
      undoable: state === 'applied',
    });
    const view: PipelineView = {
      crm: 'hubspot',
      pipelines: [
        { id: 'sales', label: label('Pipeline'), stages: stats.stages.map((s) => ({ id: s.stageId, label: s.label, closed: s.closed })) },
        { id: `other${SHORT}`, label: SHORT, stages: [] },
      ],
      stats: [stats],
      deals: [
        { id: 'd1', name: label('Deal name'), amount: 1000, currency: 'USD', pipelineId: 'sales', stageId: 'lead', updatedAt: new Date(now).toISOString() },
        { id: `d2${SHORT}`, name: null, amount: null, currency: SHORT.slice(0, 3), pipelineId: 'sales', stageId: `won`, updatedAt: null },
      ],
      truncated: true,
      changes: [change('c1', 'proposed', { type: 'system', id: hostile('Proposer', 120) }), change('c2', 'applied', { type: 'human', id: SHORT }), change('c3', 'proposed', { type: 'agent', id: 'cipher' })],
      readAt: now,
    };
    await renderWithQueries(panel.root(), <PipelineBoard view={view} onChangeStage={vi.fn()} onApprove={vi.fn()} onDeny={vi.fn()} onUndo={vi.fn()} />);
    expectShownAsText(root(), 'Deal name', 'Change deal', 'From stage', 'To stage', 'Ageing deal', 'Proposer');
    expectInert(root());
  });
});

describe('hostile data is inert in the operator view (alerts, health) and the sequences view', () => {
  it('OperatorView: hostile alert titles, details and acknowledgement notes from the database, hostile health details', async () => {
    const now = Date.now();
    const alert = (id: string, over: Partial<AlertRow>): AlertRow => ({
      id,
      key: `key.${id}${SHORT}`,
      level: 'notification',
      title: hostile(`Alert title ${id}`, 200),
      detail: hostile(`Alert detail ${id}`),
      source: SHORT,
      state: 'open',
      conditionPresent: true,
      raisedAt: now - 60_000,
      lastSeenAt: now,
      clearedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackNote: null,
      escalations: [{ level: 'notification', at: now - 60_000 }],
      ...over,
    });
    await db.alerts.bulkPut([
      alert('a1', { level: 'hold' }),
      alert('a2', { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: { type: 'human', id: SHORT }, ackNote: hostile('Ack note', 300) }),
      alert('a3', { state: 'closed', conditionPresent: false, clearedAt: now }),
    ]);
    await auditedTransaction(db, [], async () => appendAudit(db, { actor: { type: 'human', id: SHORT }, action: 'alert.acknowledged', subjectId: 'a2', detail: { note: HOSTILE } }));
    const health: HealthView[] = [
      { key: 'crm', level: 'notification', title: hostile('Health title', 200), detail: hostile('Health detail'), source: SHORT, checkedAt: now },
      { key: 'gmail', level: null, title: SHORT, detail: HOSTILE, source: 'health.gmail', checkedAt: now },
    ];
    answerAs(bg.handlers, APPROVAL_PANEL, {
      // Sentinel's latest findings live in the service worker's memory: the real view, with hostile ones.
      'operator.view': async (req) => {
        const real = (await route(req, APPROVAL_PANEL, bg.handlers(), () => undefined)) as { ok: true; data: OperatorViewData };
        expect(real.ok).toBe(true);
        return { ...real.data, health, lastCheckAt: now };
      },
    });
    await renderWithQueries(panel.root(), <OperatorView />);
    await settle();
    expect(byTestId('cs-operator')).not.toBeNull();
    expectShownAsText(root(), 'Alert title a1', 'Alert detail a1', 'Ack note', 'Health title', 'Health detail', 'onerror');
    expectInert(root());
    await expandAndCheck('cs-alert-ack');
    expectInert(root());
  });

  it('SequencesView: hostile sequence names, steps, mailbox and contact names, and hostile pasted contacts', async () => {
    const now = Date.now();
    await bg.services().settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: now + 3_600_000, account: 'sam.rep@example.com' });
    const seq = await createSequence(
      db,
      {
        name: hostile('Sequence name', 120),
        mailbox: { name: hostile('Mailbox', 120), email: 'sam.rep@example.com' },
        timeZone: 'Europe/Berlin',
        window: { start: '09:00', end: '17:00' },
        steps: [{ delayBusinessDays: 0, instructions: hostile('Step instructions') }],
      },
      humanActor(),
      now,
    );
    await enrol(db, seq.id, [{ email: 'ada@depot.example', name: hostile('Contact name', 120), company: hostile('Contact company', 120) }], humanActor(), now);
    await renderWithQueries(panel.root(), <SequencesView />);
    await settle();
    expect(panel.allInPanel('cs-sequence')).toHaveLength(1);
    expectShownAsText(root(), 'Sequence name');
    expectInert(root());
    await expandAndCheck('cs-sequence-new-open');
    await type(byTestId('cs-sequence-contacts'), `${SHORT},${HOSTILE.slice(0, 100)}\nada@depot.example,${SHORT},"${SHORT}"`);
    await settle();
    expectShownAsText(root(), 'is not an email address');
    expectInert(root());
  });
});

describe('the check itself', () => {
  it('fails on a panel that inserts the hostile HTML as HTML', async () => {
    await renderWithQueries(panel.root(), <div><p>a</p><p>b</p><div dangerouslySetInnerHTML={{ __html: HOSTILE }} /></div>);
    expect(() => expectInert(root())).toThrow();
  });
});
