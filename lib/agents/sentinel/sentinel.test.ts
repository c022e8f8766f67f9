import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDb, healthyProbes } from '../../../test/fixtures';
import { humanActor } from '../../audit/log';
import type { SequenceEventRow } from '../../db/schema';
import { AGENTS } from '../agents';
import { AgentRuntime, BoundaryError } from '../runtime';
import { TOOLS, type ToolDeps } from '../tools';
import { acknowledgeAlert, listAlerts, outboundHold } from './alerts';
import { HEALTH_THRESHOLDS } from './health';
import { runSentinel, sentinelDeps } from './sentinel';

/** The one tool a hold may be declared as, should holds ever become a tool of their own. */
const HOLD_TOOLS = new Set(['alert.hold', 'outbound.hold']);

const healthy = healthyProbes();

describe('Sentinel can flag and hold, nothing else', () => {
  it("Sentinel's declared tools contain no execute tool other than the hold", () => {
    const byName = new Map(TOOLS.map((t) => [t.name, t]));
    for (const name of AGENTS.sentinel.tools) {
      const tool = byName.get(name);
      expect(tool, name).toBeDefined();
      if (!HOLD_TOOLS.has(name)) expect(tool!.effect, name).not.toBe('execute');
    }
    expect(AGENTS.sentinel.tools).not.toContain('alert.acknowledge');
  });

  it('the runtime refuses every execute tool to Sentinel', async () => {
    const db = freshDb();
    const deps: ToolDeps = {
      db,
      readThread: () => Promise.reject(new Error('no')),
      model: () => Promise.reject(new Error('no')),
      sender: async () => ({ email: 'a@b.co', name: 'A', signature: '' }),
      voice: async () => [],
      sendApproved: () => Promise.reject(new Error('must not send')),
    };
    const sentinel = new AgentRuntime(deps, AGENTS, TOOLS).agent('sentinel');
    for (const t of TOOLS.filter((x) => x.effect === 'execute' && !HOLD_TOOLS.has(x.name))) {
      await expect(sentinel.call(t.name, { approvalId: 'a', alertId: 'a', id: 'c', email: 'x@y.z', name: 'x', company: 'y' })).rejects.toThrow(BoundaryError);
    }
  });

  it('its capabilities are probes, figures and an alert writer that can only raise and clear', () => {
    const deps = sentinelDeps(freshDb(), { probes: healthy });
    expect(Object.keys(deps).sort()).toEqual(['alerts', 'deliverability', 'now', 'probes']);
    expect(Object.keys(deps.alerts).sort()).toEqual(['clear', 'raise']);
  });

  it('no Sentinel module writes any table but alerts, or imports a sender, the outbox, a gate or a CRM client', async () => {
    const dir = __dirname;
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const src = await readFile(join(dir, f), 'utf8');
      expect(src, f).not.toMatch(/from ['"][^'"]*(gates\/|mail\/|crm\/(?!model)|gmail|background|settings\/)[^'"]*['"]/);
      for (const m of src.matchAll(/db\.(\w+)\.(add|put|update|delete|bulkAdd|bulkPut|bulkDelete|clear)\(/g)) expect(m[1], `${f}: ${m[0]}`).toBe('alerts');
      expect(src, f).not.toMatch(/\.modify\(/);
      for (const m of src.matchAll(/auditedTransaction\(db, (\w+)/g)) expect(m[1], f).toBe('TABLES');
    }
    const alertsSrc = await readFile(join(dir, 'alerts.ts'), 'utf8');
    expect(alertsSrc).toMatch(/const TABLES = \['alerts'\];/);
  });
});

describe('a Sentinel run', () => {
  it('raises health faults and a bounce spike in one run, and the hold lifts only on a human acknowledgement', async () => {
    const db = freshDb();
    const now = Date.UTC(2025, 5, 30, 12);
    const events: SequenceEventRow[] = Array.from({ length: 25 }, (_, i) => ({ id: `sent:a${i}`, kind: 'sent' as const, sequenceId: 's1', mailboxKey: 'sam@example.com', email: `p${i}@x.co`, approvalId: `a${i}`, ref: null, at: now - 3_600_000 + i }));
    events.push({ id: 'hb1', kind: 'hard_bounce', sequenceId: 's1', mailboxKey: 'sam@example.com', email: 'p1@x.co', approvalId: 'a1', ref: 'm1', at: now - 60_000 });
    events.push({ id: 'hb2', kind: 'hard_bounce', sequenceId: 's1', mailboxKey: 'sam@example.com', email: 'p2@x.co', approvalId: 'a2', ref: 'm2', at: now - 60_000 });
    await db.sequenceEvents.bulkAdd(events);
    const deps = sentinelDeps(db, { probes: { ...healthy, degradedHooks: async () => ['subject'] }, now: () => now });
    await runSentinel(deps, { ...HEALTH_THRESHOLDS, probeTimeoutMs: 50 });
    const open = Object.fromEntries((await listAlerts(db, { openOnly: true })).map((a) => [a.key, a.level]));
    expect(open).toEqual({ 'gmail.adapter': 'badge', 'bounce.spike:sam@example.com': 'hold' });
    const hold = await outboundHold(db);
    expect(hold.held).toBe(true);
    // Sentinel's next run cannot lift it, whatever it finds.
    await runSentinel(deps, { ...HEALTH_THRESHOLDS, probeTimeoutMs: 50 });
    expect((await outboundHold(db)).held).toBe(true);
    await acknowledgeAlert(db, hold.alerts[0]!.id, humanActor('dana'), 'removed the bad list', now + 1);
    expect((await outboundHold(db)).held).toBe(false);
    expect((await db.audit.where('action').equals('alert.acknowledged').toArray())[0]).toMatchObject({ actor: { type: 'human', id: 'dana' }, at: now + 1 });
  });
});
