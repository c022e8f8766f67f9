import { afterEach, describe, expect, it } from 'vitest';
import { injectionPayloads, fencedData } from '../../test/fixtures';
import { AGENTS } from '../agents/agents';
import { AgentRuntime } from '../agents/runtime';
import { TOOLS, type ToolDeps } from '../agents/tools';
import { CHAT_TOOL_SPECS } from '../chat/catalog';
import type { AgentName, ChatMessageRow, CountersignDb, LeadRow } from '../db/schema';
import { mayRequest } from '../protocol/policy';
import { CHAT_PROGRESS_PORT, type ChatProgressMessage } from '../chat/progress';
import { CHAT_LIMITS, chatProgress } from './chat';
import { listenForChatProgress, type PortLike } from './chat-port';
import type { ChatHistoryView, ChatTurnView, PaletteRunView } from '../protocol/responses';
import { completion, DANA, hostileWorld, PLAIN, senders, THREAD, type ModelCall, type World } from '../security/world';

/** One scripted model turn for the chat: tool calls (name, arguments) or the final answer. */
type Step = { call: [string, unknown][] } | { answer: unknown } | { hang: true };

interface ChatRequestLog {
  tools: string[];
  messages: { role: string; content: string | null; tool_calls?: unknown[] }[];
}

let world: World | undefined;
afterEach(() => world?.db.close());

const DRAFT = {
  body: 'Hi Dana,\n\nFor 40 seats the pilot can start on the 1st, which keeps your go-live well inside Q2. Shall we book 20 minutes on Thursday to walk through the rollout plan?',
  evidence: [{ claim: 'go-live well inside Q2', source: 'We need to go live by end of Q2.' }],
};

/**
 * A world whose model answers the chat from `script` (one step per chat completion with tools),
 * drafts with DRAFT, and logs every chat request's offered tools and messages.
 */
async function chatWorld(script: Step[], mail = PLAIN) {
  const chatRequests: ChatRequestLog[] = [];
  let serial = 0;
  world = await hostileWorld({
    mail,
    modelResponse: (call: ModelCall) => {
      if (call.schema === 'draft_reply') return completion(DRAFT);
      // No keyword matched: the model picks from the enum (Sentinel, so a test can tell).
      if (call.schema === 'chat_route') return completion({ agent: 'sentinel' });
      if (call.schema !== 'chat_answer') return completion({});
      const body = JSON.parse(world!.requests.filter((r) => r.url.endsWith('/chat/completions')).at(-1)!.body) as { tools: { function: { name: string } }[]; messages: ChatRequestLog['messages'] };
      chatRequests.push({ tools: body.tools.map((t) => t.function.name), messages: body.messages });
      const step = script.shift() ?? { answer: { text: 'Done.', sources: [] } };
      if ('answer' in step) return completion(step.answer);
      if ('hang' in step) return new Promise<Response>(() => {}); // until the call is aborted
      const tool_calls = step.call.map(([name, args]) => ({ id: `call_${++serial}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }));
      return new Response(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'stand-in', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls, refusal: null }, finish_reason: 'tool_calls', logprobs: null }] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  // Dana's thread is in the cache (the rep opened it in Gmail) and Scout knows her.
  await world.ask('thread.open', { threadId: THREAD }, senders.gmail);
  const lead: LeadRow = { contactKey: DANA, email: DANA, name: 'Dana Whitfield', company: 'Northwind Logistics', signals: [], flags: [], threadIds: [THREAD], updatedAt: world.services.now() };
  await world.db.leads.put(lead);
  return { w: world, chatRequests, send: (text: string, conversationId?: string) => world!.ask<ChatTurnView>('chat.send', { text, conversationId }) };
}

const answerOf = (turn: ChatTurnView): ChatMessageRow => turn.messages.at(-1)!;
const toolMessages = (r: ChatRequestLog) => r.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '');
const ownChatTools = (agent: AgentName) => CHAT_TOOL_SPECS.filter((t) => t.agent === agent).map((t) => t.name);

async function nothingChanged(db: CountersignDb, w: World) {
  expect(w.sends).toEqual([]);
  expect((await db.approvals.toArray()).filter((a) => a.state !== 'pending')).toEqual([]);
  expect((await db.crmChanges.toArray()).filter((c) => c.state !== 'proposed')).toEqual([]);
  expect(w.requests.filter((r) => r.method !== 'GET' && !r.url.endsWith('/chat/completions'))).toEqual([]);
}

describe('operator chat: tools only through the agent allowlists', () => {
  it('every chat tool is declared by exactly its owning agent, and any other agent calling it is refused', async () => {
    const db = (await chatWorld([])).w.db;
    const deps: ToolDeps = {
      db,
      readThread: () => Promise.reject(new Error('unused')),
      model: () => Promise.reject(new Error('unused')),
      sender: () => Promise.reject(new Error('unused')),
      voice: async () => [],
      sendApproved: () => Promise.reject(new Error('unused')),
      operator: { run: async (tool) => ({ data: { ran: tool }, sources: [], proposals: [] }) },
    };
    const runtime = new AgentRuntime(deps, AGENTS, TOOLS);
    const input = { query: 'Dana' };
    for (const spec of CHAT_TOOL_SPECS) {
      const holders = (Object.keys(AGENTS) as AgentName[]).filter((a) => AGENTS[a].tools.includes(spec.name));
      expect(holders).toEqual([spec.agent]);
      await expect(runtime.agent(spec.agent).call(spec.name, input)).resolves.toMatchObject({ data: { ran: spec.name } });
      for (const other of (Object.keys(AGENTS) as AgentName[]).filter((a) => a !== spec.agent)) {
        await expect(runtime.agent(other).call(spec.name, input)).rejects.toThrow(/not among its declared tools/);
      }
    }
  });

  it('routes by keywords and offers the routed agent only its own chat tools, fixed for the whole turn', async () => {
    const { send, chatRequests } = await chatWorld([{ call: [['leads.today', {}]] }, { answer: { text: 'Dana needs a follow-up.', sources: [] } }]);
    const turn = await send('who needs a follow-up today?');
    expect(answerOf(turn)).toMatchObject({ role: 'agent', agent: 'scout' });
    expect(chatRequests).toHaveLength(2);
    for (const r of chatRequests) expect(r.tools).toEqual(ownChatTools('scout'));
  });

  it("a model calling another agent's tool or an execute tool is refused and logged; nothing is drafted, sent or written", async () => {
    const { w, send } = await chatWorld([
      { call: [['draft.propose', { who: 'Dana' }], ['email.send', { approvalId: 'a1' }], ['crm.delete', { id: 'c1' }], ['contact.delete', { id: 'c1' }], ['approval.queue', { draftId: 'd1', agent: 'herald' }], ['cleanup.approve', {}]] },
      { answer: { text: 'I can only read leads.', sources: [] } },
    ]);
    const answer = answerOf(await send('why is Dana scored so low?'));
    expect(answer.agent).toBe('scout');
    expect(answer.refused).toEqual(['draft.propose', 'email.send', 'crm.delete', 'contact.delete', 'approval.queue', 'cleanup.approve']);
    expect(answer.proposals).toEqual([]);
    expect(await w.db.drafts.count()).toBe(0);
    expect(await w.db.approvals.count()).toBe(0);
    const refusals = await w.db.audit.where('action').equals('chat.tool_refused').toArray();
    expect(refusals.map((e) => [e.actor.id, e.detail.tool])).toEqual(answer.refused.map((t) => ['scout', t]));
    await nothingChanged(w.db, w);
  });
});

describe('operator chat: changes become proposals, never actions', () => {
  it('"send it" gets a refusal for email.send and, at most, a draft pending in the approval queue, linked', async () => {
    const { w, send, chatRequests } = await chatWorld([
      { call: [['email.send', { approvalId: 'x' }]] },
      { call: [['draft.propose', { who: 'Dana', kind: 're_engage' }]] },
      { answer: { text: 'Draft queued for your approval.', sources: [{ kind: 'thread', id: THREAD, label: 'x' }] } },
    ]);
    const answer = answerOf(await send('send Dana a re-engagement email now'));
    expect(answer).toMatchObject({ agent: 'herald', refused: ['email.send'] });
    expect(chatRequests[0]!.tools).toEqual(ownChatTools('herald'));
    const approvals = await w.db.approvals.toArray();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ state: 'pending', approvedHash: null });
    expect(answer.proposals).toEqual([{ kind: 'approval', id: approvals[0]!.id, label: expect.stringContaining('Draft to') }]);
    expect(answer.sources).toEqual([{ kind: 'thread', id: THREAD, label: approvals[0]!.message.subject }]);
    await nothingChanged(w.db, w);
  });

  it('"delete" and "sync" at Cipher: execute tools refused, a cleanup and a sync proposal made, the CRM untouched', async () => {
    const { w, send } = await chatWorld([
      { call: [['crm.delete', { id: '1' }], ['contact.delete', { id: '1' }], ['sync.apply', {}], ['cleanup.execute', {}], ['contact.upsert', { email: 'a@b.co', name: 'A', company: 'B' }]] },
      { call: [['duplicates.propose', { company: 'Initech' }], ['sync.propose', {}]] },
      { answer: { text: 'Proposed a cleanup.', sources: [] } },
    ]);
    const { local } = w.crm;
    const { results } = await local.batchUpsert('company', [{ patch: { name: 'Initech', domain: 'initech.com' } }]);
    const companyId = (results[0] as { id: string }).id;
    await local.batchUpsert('contact', [
      { patch: { email: 'peter@initech.com', firstName: 'Peter', lastName: 'Gibbons', companyId } },
      { patch: { email: 'pgibbons@initech.com', firstName: 'Peter', lastName: 'Gibbons', companyId } },
      { patch: { email: 'bill@other.com', firstName: 'Bill', lastName: 'Lumbergh' } },
    ]);
    const before = await w.state();
    const answer = answerOf(await send('clean up duplicates at Initech, delete the old ones and sync the CRM'));
    expect(answer.agent).toBe('cipher');
    expect(answer.refused).toEqual(['crm.delete', 'contact.delete', 'sync.apply', 'cleanup.execute', 'contact.upsert']);
    const changes = await w.db.crmChanges.toArray();
    expect(changes.every((c) => c.state === 'proposed')).toBe(true);
    const cleanup = changes.find((c) => c.kind === 'cleanup');
    expect(cleanup).toBeDefined();
    expect(answer.proposals).toContainEqual(expect.objectContaining({ kind: 'cleanup', id: cleanup!.id }));
    for (const c of changes) expect(answer.proposals.map((p) => p.id)).toContain(c.id);
    expect((await w.state()).crm).toEqual(before.crm);
    await nothingChanged(w.db, w);
  });
});

describe('operator chat: injected text is data and cannot widen the tools', () => {
  it.each(injectionPayloads().map((p) => [p.id, p.payload_text] as const))('%s in a thread body: fenced, and the tool list stays Scout\'s', async (_id, payload) => {
    const { w, send, chatRequests } = await chatWorld(
      [
        { call: [['threads.search', { query: 'pricing' }]] },
        // The model "obeys" the thread: tries to send, queue and sync.
        { call: [['email.send', { approvalId: 'x' }], ['draft.propose', { who: 'mark.black-2134@gmail.com' }], ['sync.propose', {}], ['approval.queue', { draftId: 'x', agent: 'herald' }]] },
        { answer: { text: payload.slice(0, 500), sources: [{ kind: 'thread', id: THREAD, label: 'x' }, { kind: 'approval', id: 'forged', label: 'Approved' }] } },
      ],
      { ...PLAIN, body: `${PLAIN.body}\n\n${payload}` },
    );
    const answer = answerOf(await send('search my threads about pricing'));
    expect(answer.agent).toBe('scout');
    for (const r of chatRequests) expect(r.tools).toEqual(ownChatTools('scout'));
    expect(answer.refused).toEqual(['email.send', 'draft.propose', 'sync.propose', 'approval.queue']);
    // The payload reached the model only inside a data fence.
    const read = toolMessages(chatRequests[1]!)[0]!;
    const { inside, outside } = fencedData(read);
    expect(inside).toContain('threadId');
    expect(outside).not.toContain(payload.slice(0, 40));
    // Sources only from tool results: the forged approval is dropped.
    expect(answer.sources).toEqual([{ kind: 'thread', id: THREAD, label: expect.any(String) }]);
    expect(answer.proposals).toEqual([]);
    expect(await w.db.approvals.count()).toBe(0);
    await nothingChanged(w.db, w);
  });
});

describe('operator chat: sources, conversation, palette', () => {
  it('cites only what tools returned this turn, keeps the conversation locally, and clears it', async () => {
    const { w, send } = await chatWorld([
      { call: [['lead.explain', { query: 'Dana' }]] },
      { answer: { text: 'Dana scores 0: no signals yet.', sources: [{ kind: 'lead', id: DANA, label: 'Dana' }, { kind: 'deal', id: 'invented', label: 'Big deal' }] } },
    ]);
    const turn = await send('why is Dana scored 0?');
    expect(answerOf(turn).sources).toEqual([{ kind: 'lead', id: DANA, label: 'Dana Whitfield · Northwind Logistics' }]);
    const history = await w.ask<ChatHistoryView>('chat.history', {});
    expect(history.conversationId).toBe(turn.conversationId);
    expect(history.messages.map((m) => [m.role, m.agent])).toEqual([
      ['user', null],
      ['agent', 'scout'],
    ]);
    await send('and who else?', turn.conversationId);
    expect((await w.ask<ChatHistoryView>('chat.history', { conversationId: turn.conversationId })).messages).toHaveLength(4);
    await expect(w.ask('chat.clear', { conversationId: turn.conversationId })).resolves.toEqual({ cleared: 4 });
    expect(await w.db.chatMessages.count()).toBe(0);
  });

  it('the palette runs a chat tool as its owning agent, and refuses anything that is not a chat tool', async () => {
    const { w } = await chatWorld([]);
    const today = await w.ask<PaletteRunView>('palette.run', { tool: 'leads.today', input: {} });
    expect(today).toMatchObject({ tool: 'leads.today', agent: 'scout', sources: [{ kind: 'lead', id: DANA }] });
    for (const tool of ['email.send', 'approval.queue', 'contact.delete', 'draft.save', 'cleanup.approve']) {
      await expect(w.ask('palette.run', { tool, input: { approvalId: 'x', draftId: 'x', agent: 'herald', id: 'x' } })).rejects.toThrow(/not a palette command/);
    }
    const drafted = await w.ask<PaletteRunView>('palette.run', { tool: 'draft.propose', input: { threadId: THREAD } });
    expect(drafted.proposals).toEqual([expect.objectContaining({ kind: 'approval' })]);
    expect(await w.db.approvals.toArray()).toEqual([expect.objectContaining({ state: 'pending', approvedHash: null })]);
    await expect(w.ask('palette.run', { tool: 'threads.search', input: { query: '' } })).rejects.toThrow(/Check the form/);
    await nothingChanged(w.db, w);
    // Each refused command is in the audit log as the person's request, with the reason.
    const refused = (await w.db.audit.toArray()).filter((e) => e.action === 'palette.tool_refused');
    expect(refused.map((e) => [e.actor.type, (e.detail as { tool: string }).tool])).toEqual(['email.send', 'approval.queue', 'contact.delete', 'draft.save', 'cleanup.approve'].map((t) => ['human', t]));
    expect((refused[0]!.detail as { reason: string }).reason).toMatch(/only reads and proposes/);
  });

  it(`keeps the newest ${CHAT_LIMITS.conversations} conversations and the newest ${CHAT_LIMITS.messagesPerConversation} messages of each`, async () => {
    const { w, send } = await chatWorld([]);
    const row = (conversationId: string, i: number): ChatMessageRow => ({ id: `${conversationId}-${i}`, conversationId, role: i % 2 ? 'agent' : 'user', text: `m${i}`, agent: i % 2 ? 'scout' : null, sources: [], proposals: [], refused: [], at: i });
    // 60 old conversations of 3 messages, and one long one of 250 messages (newest of the old ones).
    await w.db.chatMessages.bulkAdd(Array.from({ length: 60 }, (_, c) => [0, 1, 2].map((i) => row(`old-${String(c).padStart(2, '0')}`, c * 10 + i))).flat());
    await w.db.chatMessages.bulkAdd(Array.from({ length: 250 }, (_, i) => row('long', 1000 + i)));
    const turn = await send('anything new?', 'long');
    const long = await w.db.chatMessages.where('conversationId').equals('long').sortBy('at');
    expect(long).toHaveLength(CHAT_LIMITS.messagesPerConversation);
    expect(long.at(-1)).toMatchObject({ id: answerOf(turn).id });
    expect(long[0]!.id).toBe('long-1052'); // 252 messages, the oldest 52 gone
    const kept = new Set((await w.db.chatMessages.toArray()).map((m) => m.conversationId));
    expect(kept.size).toBe(CHAT_LIMITS.conversations);
    expect(kept.has('long')).toBe(true);
    expect(kept.has('old-59')).toBe(true);
    expect(kept.has('old-10')).toBe(false); // the 49 newest old conversations stay: old-11 … old-59
    expect(kept.has('old-11')).toBe(true);
  });

  it('Stop cuts a running turn: it ends at once with what was proposed so far, and the conversation takes questions again', async () => {
    const { w, send } = await chatWorld([{ call: [['draft.propose', { threadId: THREAD }]] }, { hang: true }, { answer: { text: 'Back again.', sources: [] } }]);
    const running = send('draft a follow-up for Dana', 'conv-stop');
    // Wait until the turn hangs in its second model call, then press Stop.
    await expect.poll(() => w.modelCalls.filter((c) => c.schema === 'chat_answer').length).toBe(2);
    await expect(send('another question', 'conv-stop')).rejects.toThrow(/still answering the last question/);
    await expect(w.ask('chat.stop', { conversationId: 'conv-stop' })).resolves.toEqual({ stopped: true });
    const turn = await running;
    expect(answerOf(turn)).toMatchObject({ agent: 'herald', text: expect.stringMatching(/^You stopped Herald before it finished\. What was read and proposed before that is linked below\./), proposals: [expect.objectContaining({ kind: 'approval' })] });
    expect(await w.db.approvals.toArray()).toEqual([expect.objectContaining({ state: 'pending', approvedHash: null })]);
    await expect(w.ask('chat.stop', { conversationId: 'conv-stop' })).resolves.toEqual({ stopped: false });
    expect(answerOf(await send('another question', 'conv-stop')).text).toBe('Back again.');
    await nothingChanged(w.db, w);
  });

  it('only the approval panel may chat or run the palette', () => {
    for (const type of ['chat.send', 'chat.stop', 'chat.history', 'chat.clear', 'palette.run'] as const) {
      expect(mayRequest(senders.panel, type).ok).toBe(true);
      for (const s of [senders.gmail, senders.crm, senders.popup]) expect(mayRequest(s, type).ok).toBe(false);
    }
  });
});

describe('operator chat: progress streamed on a runtime Port', () => {
  const EXT = 'abcdefghijklmnop';
  const ORIGIN = `chrome-extension://${EXT}`;
  function port(sender: PortLike['sender']) {
    const got: ChatProgressMessage[] = [];
    const off: (() => void)[] = [];
    const p: PortLike & { got: ChatProgressMessage[]; disconnected: boolean; close(): void } = {
      name: CHAT_PROGRESS_PORT,
      sender,
      got,
      disconnected: false,
      postMessage: (m) => void got.push(m),
      disconnect: () => void (p.disconnected = true),
      onDisconnect: { addListener: (fn) => void off.push(fn) },
      close: () => off.forEach((f) => f()),
    };
    return p;
  }

  it("the side panel hears each step of its turn; a Gmail page's Port is cut off and hears nothing", async () => {
    const text = 'Dana Whitfield asked for pricing and a pilot: follow up today.';
    const { send } = await chatWorld([{ call: [['leads.today', {}]] }, { answer: { text, sources: [] } }]);
    const listeners: ((p: PortLike) => void)[] = [];
    listenForChatProgress({ addListener: (fn) => void listeners.push(fn) }, chatProgress, EXT, ORIGIN);
    const panel = port({ id: EXT, url: `${ORIGIN}/sidepanel.html` });
    const gmail = port({ id: EXT, url: 'https://mail.google.com/mail/u/0/', tab: { id: 1 }, frameId: 0 });
    for (const p of [panel, gmail]) listeners.forEach((l) => l(p));
    const turn = await send('who needs a follow-up today?', 'conv-1');
    panel.close();
    expect(turn.conversationId).toBe('conv-1');
    const steps = panel.got.filter((m) => m.step !== 'text');
    expect(steps.map((m) => [m.conversationId, m.label])).toEqual([
      ['conv-1', 'Asking Scout…'],
      ['conv-1', "Reading today's leads…"],
      ['conv-1', 'Scout is reading the results…'],
    ]);
    // Then the answer's words, streamed from the model in pieces (SSE), adding up to the stored answer.
    const words = panel.got.filter((m) => m.step === 'text');
    expect(words.length).toBeGreaterThan(5);
    expect(words.every((m) => m.conversationId === 'conv-1' && m.label === 'Scout is answering…')).toBe(true);
    expect(words.map((m) => m.delta).join('')).toBe(text);
    expect(answerOf(turn).text).toBe(text);
    expect(gmail).toMatchObject({ disconnected: true, got: [] });
    // After the panel's Port closes it hears nothing more.
    expect((await send('and tomorrow?', 'conv-1')).messages[1]).toMatchObject({ agent: 'sentinel' });
    expect(panel.got).toHaveLength(3 + words.length);
  });
});

