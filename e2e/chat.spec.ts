import { CHAT_PROGRESS_PORT, type ChatProgressMessage } from '../lib/chat/progress';
import type { ChatRequest, ChatReply } from './support/standins/openai';
import { expect, test } from './support/extension';
import { approvalItems, configure, DRAFT_BODY, openThread, PROSPECT, seedThread, serveGmail } from './support/scenario';

/** The fenced JSON of the last tool result in a chat request (what the agent's tool returned). */
function lastToolResult(req: ChatRequest): { sources?: { kind: string; id: string; label: string }[] } | null {
  const tool = [...(req.body?.messages ?? [])].reverse().find((m) => m.role === 'tool');
  const fenced = /<(cs-[^>\s]+)>([\s\S]*)<\/\1>/.exec(String(tool?.content ?? ''));
  return fenced ? (JSON.parse(fenced[2]!) as { sources?: { kind: string; id: string; label: string }[] }) : null;
}

/**
 * A model that answers chat turns the way a tool-calling model does: first it calls the one tool
 * the test names, then it answers citing what that tool returned. Herald's draft call gets a draft.
 */
function toolModel(tool: string, args: Record<string, unknown>, text: string) {
  return (req: ChatRequest): ChatReply => {
    const schema = (req.body?.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name;
    if (schema !== 'chat_answer') return JSON.stringify({ body: DRAFT_BODY, evidence: [{ claim: '12-person Chicago dispatch team', source: 'Dana: "our Chicago dispatch team (about 12 people)"' }] });
    const result = lastToolResult(req);
    if (!result) {
      return {
        status: 200,
        body: {
          id: 'chatcmpl-tools',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: req.body?.model ?? 'gpt-4o-mini',
          choices: [{ index: 0, finish_reason: 'tool_calls', logprobs: null, message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: JSON.stringify(args) } }] } }],
        },
      };
    }
    return JSON.stringify({ text, sources: result.sources ?? [] });
  };
}

test.beforeEach(async ({ context, standins }) => {
  await serveGmail(context);
  seedThread(standins);
});

test('chat in the side panel: a question gets an answer with its sources; a draft request lands in the approval queue, nothing sent', async ({ page, standins, openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html#chat');
  await configure(panel);
  const gmail = await openThread(page);
  await expect(gmail.getByTestId('cs-lead')).toContainText(PROSPECT.name); // Scout has met Dana

  // Listen on the progress Port as the panel does, to see every step and streamed word.
  await panel.evaluate((name) => {
    const heard: unknown[] = [];
    Object.assign(window, { heard });
    const { chrome } = globalThis as unknown as { chrome: { runtime: { connect(o: { name: string }): { onMessage: { addListener(fn: (m: unknown) => void): void } } } } };
    chrome.runtime.connect({ name }).onMessage.addListener((m) => void heard.push(m));
  }, CHAT_PROGRESS_PORT);
  const text = `${PROSPECT.name} asked for pricing and a pilot: follow up today.`;
  standins.openai.handler = toolModel('leads.today', {}, text);
  await panel.getByTestId('cs-chat-input').fill('Who needs a follow-up today?');
  await panel.getByTestId('cs-chat-send').click();
  const answer = panel.locator('[data-testid="cs-chat-message"][data-role="agent"]').last();
  await expect(answer).toContainText('follow up today', { timeout: 20_000 });
  // The answer was streamed (SSE through Prism, each chunk checked against OpenAI's spec) and
  // reached the panel word by word, adding up to the stored answer.
  const chatCalls = standins.openai.requests.filter((r) => (r.body?.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name === 'chat_answer');
  expect(chatCalls.length).toBe(2);
  expect(chatCalls.every((r) => r.body?.stream === true)).toBe(true);
  const heard = (await panel.evaluate(() => (window as unknown as { heard: ChatProgressMessage[] }).heard)).filter((m) => m.step === 'text');
  expect(heard.length).toBeGreaterThan(5);
  expect(heard.map((m) => m.delta).join('')).toBe(text);
  await expect(answer.getByTestId('cs-chat-text')).toHaveText(text);
  await expect(answer).toHaveAttribute('data-agent', 'scout');
  await expect(answer.getByTestId('cs-chat-source').first()).toContainText(PROSPECT.name);
  // The model was offered Scout's tools only, and no execute tool.
  const offered = standins.openai.requests.flatMap((r) => ((r.body?.tools as { function: { name: string } }[] | undefined) ?? []).map((t) => t.function.name));
  expect(offered).toContain('leads.today');
  expect(offered).not.toContain('email.send');
  expect(offered).not.toContain('draft.propose');

  // Stop: a model that never finishes is cut by the rep; the conversation goes on.
  standins.openai.hangNext();
  await panel.getByTestId('cs-chat-input').fill('Who else needs a follow-up today?');
  await panel.getByTestId('cs-chat-send').click();
  await panel.getByTestId('cs-chat-stop').click();
  await expect(panel.getByTestId('cs-chat-text').last()).toHaveText('You stopped Scout before it finished.');
  await expect(panel.getByTestId('cs-chat-pending')).toHaveCount(0);

  standins.openai.handler = toolModel('draft.propose', { threadId: '18c2f1a9b7e4d3c0', kind: 're_engage' }, 'I drafted a re-engagement for Dana: it is waiting for your approval.');
  await panel.getByTestId('cs-chat-input').fill('Draft a re-engagement for Northwind');
  await panel.getByTestId('cs-chat-send').click();
  const proposal = panel.getByTestId('cs-chat-proposal').last();
  await expect(proposal).toBeVisible({ timeout: 20_000 });
  await expect(proposal).toHaveAttribute('data-kind', 'approval');
  await proposal.click();
  await expect(approvalItems(panel).first()).toHaveAttribute('data-state', 'pending');
  await expect(approvalItems(panel).first().getByTestId('cs-approval-body')).toContainText('Chicago dispatch team');
  expect(standins.gmail.sent).toHaveLength(0);
});
