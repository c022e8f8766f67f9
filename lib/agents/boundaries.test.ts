import { describe, expect, it } from 'vitest';
import { freshDb, queueChecked, seedDraft } from '../../test/fixtures';
import { humanActor } from '../audit/log';
import { approve } from '../gates/email-gate';
import type { ToolDeps } from './tools';
import { TOOLS } from './tools';
import { AGENTS } from './agents';
import { AgentRuntime, BoundaryError } from './runtime';
import { acknowledgeAlert, outboundHold } from './sentinel/alerts';

function setup() {
  const db = freshDb();
  const sent: string[] = [];
  const deps: ToolDeps = {
    db,
    readThread: () => Promise.reject(new Error('no thread in this test')),
    model: () => Promise.reject(new Error('no model in this test')),
    sender: async () => ({ email: 'sam.rep@example.com', name: 'Sam Rep', signature: '' }),
    voice: async () => [],
    sendApproved: async (id) => {
      sent.push(id);
      return { id: `gm-${id}` };
    },
  };
  return { db, sent, deps, runtime: new AgentRuntime(deps, AGENTS, TOOLS) };
}

const EXECUTE_TOOLS = TOOLS.filter((t) => t.effect === 'execute').map((t) => t.name);

describe('agent boundaries (each "does NOT" line in DEVELOPERS.md)', () => {
  it('no agent declares an execute tool, and the runtime refuses to start with one that does', () => {
    for (const agent of Object.values(AGENTS)) {
      for (const name of agent.tools) expect(TOOLS.find((t) => t.name === name)?.effect).not.toBe('execute');
    }
    const bad = { ...AGENTS, scout: { ...AGENTS.scout, tools: [...AGENTS.scout.tools, 'email.send'] } };
    expect(() => new AgentRuntime(setup().deps, bad, TOOLS)).toThrow(BoundaryError);
  });

  it.each(Object.keys(AGENTS) as (keyof typeof AGENTS)[])('%s cannot call any execute tool (send, CRM write, delete, acknowledge)', async (name) => {
    const { runtime, sent, db } = setup();
    const row = await queueChecked(db, (await seedDraft(db)).id, { type: 'agent', id: 'herald' });
    await approve(db, row.id, row.contentHash, humanActor()); // even with a real approval in the DB
    for (const tool of EXECUTE_TOOLS) {
      await expect(runtime.agent(name).call(tool, { approvalId: row.id, email: 'x@y.z', name: 'x', company: 'y', id: 'c1', alertId: 'a1' })).rejects.toThrow(
        /executes only from a human approval/,
      );
    }
    expect(sent).toEqual([]);
    expect(await db.contacts.count()).toBe(0);
  });

  it('Scout never sends and never writes the CRM: its tools only read', () => {
    const { runtime } = setup();
    for (const t of AGENTS.scout.tools) expect(runtime.describe(t)?.effect).toBe('read');
  });

  it('Herald never sends: it can only queue, and what it queues is pending until a human approves', async () => {
    const { runtime, db, sent } = setup();
    const draft = await seedDraft(db);
    const row = await runtime.agent('herald').call<{ state: string; approvedHash: string | null }>('approval.queue', { draftId: draft.id, agent: 'herald' });
    expect(row).toMatchObject({ state: 'pending', approvedHash: null });
    await expect(runtime.agent('herald').call('email.send', { approvalId: 'x' })).rejects.toThrow(BoundaryError);
    expect(sent).toEqual([]);
  });

  it('Cipher never sends and makes no destructive write without approval', async () => {
    const { runtime, db } = setup();
    await db.contacts.add({ id: 'c1', email: 'dana@northwind-logistics.com', name: 'Dana', company: 'Northwind', updatedAt: 0 });
    await expect(runtime.agent('cipher').call('contact.delete', { id: 'c1' })).rejects.toThrow(BoundaryError);
    await expect(runtime.agent('cipher').call('contact.upsert', { email: 'a@b.co', name: 'A', company: 'B' })).rejects.toThrow(BoundaryError);
    expect(await db.contacts.count()).toBe(1);
    // It reads, and proposes change sets (cleanup, sync) that wait for a person in the CRM tab.
    for (const t of AGENTS.cipher.tools) expect(runtime.describe(t)?.effect).toBe(['duplicates.propose', 'sync.propose'].includes(t) ? 'propose' : 'read');
  });

  it('Sentinel flags but never corrects or suppresses: it can raise, escalate to a hold and clear, never acknowledge or close', async () => {
    const { runtime, db, sent } = setup();
    const sentinel = runtime.agent('sentinel');
    const raised = await sentinel.call<{ alert: { id: string; state: string; level: string }; outcome: string }>('alert.raise', {
      key: 'bounce.spike:sam.rep@example.com',
      level: 'hold',
      title: 'Bounce spike',
      detail: '3 of 40',
      agent: 'sentinel',
    });
    expect(raised).toMatchObject({ outcome: 'raised', alert: { state: 'open', level: 'hold' } });
    expect((await outboundHold(db)).held).toBe(true);
    // Clearing the condition leaves the hold and the alert for a person: nothing Sentinel can call lifts it.
    await sentinel.call('alert.clear', { key: 'bounce.spike:sam.rep@example.com', agent: 'sentinel' });
    expect(await db.alerts.get(raised.alert.id)).toMatchObject({ state: 'open', conditionPresent: false });
    expect((await outboundHold(db)).held).toBe(true);
    expect(TOOLS.some((t) => t.name === 'alert.acknowledge')).toBe(false);
    await expect(sentinel.call('alert.acknowledge', { alertId: raised.alert.id })).rejects.toThrow(BoundaryError);
    await expect(sentinel.call('draft.save', {})).rejects.toThrow(/not among its declared tools/);
    await expect(sentinel.call('alert.raise', { key: 'x', level: 'hold', title: 'x', detail: '', agent: 'herald' })).rejects.toThrow();
    // Every execute tool, called as Sentinel, is refused: the hold is an alert, not an execute tool.
    for (const tool of EXECUTE_TOOLS) await expect(sentinel.call(tool, { approvalId: 'a', id: 'c1', email: 'x@y.z', name: 'x', company: 'y' })).rejects.toThrow(BoundaryError);
    expect(sent).toEqual([]);
    expect((await db.audit.orderBy('seq').toArray()).map((e) => [e.action, e.actor.id])).toEqual([
      ['alert.raised', 'sentinel'],
      ['alert.condition_cleared', 'sentinel'],
    ]);
    // Only a person closes it.
    await acknowledgeAlert(db, raised.alert.id, humanActor('dana'), 'list cleaned', Date.now());
    expect(await db.alerts.get(raised.alert.id)).toMatchObject({ state: 'closed', acknowledgedBy: { type: 'human', id: 'dana' } });
  });

  it('an agent cannot pass itself off as another (tool inputs name the agent and are checked)', async () => {
    const { runtime, db } = setup();
    const draft = await seedDraft(db);
    await expect(runtime.agent('scout').call('approval.queue', { draftId: draft.id, agent: 'herald' })).rejects.toThrow(/not among its declared tools/);
  });

  it('execute tools run only for an approval claimed by the gate', async () => {
    const { runtime, db, sent } = setup();
    const row = await queueChecked(db, (await seedDraft(db)).id, { type: 'agent', id: 'herald' });
    await expect(runtime.execute('email.send', row, { approvalId: row.id })).rejects.toThrow(/needs an approved approval/);
    const approved = await approve(db, row.id, row.contentHash, humanActor());
    await expect(runtime.execute('email.send', approved, { approvalId: row.id })).rejects.toThrow(/not an approved message claimed/);
    expect(sent).toEqual([]);
  });
});

describe('agent code cannot reach the senders directly', () => {
  it('no agent module imports the Gmail client, the MIME builder, the outbox or the gate approve path', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const dir = join(__dirname);
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const f of files) {
      if (f === 'tools.ts' || f === 'runtime.ts' || f === 'agents.ts') continue; // the registry itself
      const src = await readFile(join(dir, f), 'utf8');
      expect(src, f).not.toMatch(/gmail-api|mime-build|gates\/outbox|from ['"].*email-gate['"]/);
    }
  });
});
