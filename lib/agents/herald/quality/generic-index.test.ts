import { describe, expect, it } from 'vitest';
import { GenericIndex, jaccard, shingleSet, type StoredDraft } from './generic-index';
import { storedDrafts } from './sample-drafts.test-helper';

const TEMPLATE = `Hi Priya,

Our platform helps operations leaders automate invoice reconciliation, cut manual data entry and give finance a single source of truth across every carrier. Teams usually see results within the first month, and the rollout takes less than a week with no engineering time needed from your side.

Would you be open to a short call next week to see if it fits?

Best,
Sam`;

const draft = (id: string, to: string, body: string, createdAt = 0): StoredDraft => ({ id, to, subject: 'Invoices', body, createdAt });
const nearCopy = TEMPLATE.replace('Hi Priya', 'Hi Dana').replace('first month', 'first few weeks');

describe('GenericIndex', () => {
  it('a near-copy of a draft to another prospect is found, with its id, recipient, similarity and excerpt', () => {
    const index = GenericIndex.from([draft('d-priya', 'priya@globex.com', TEMPLATE), draft('d-other', 'omar@hooli.com', 'Hi Omar,\n\nThe Osaka site sounds like a big step. Happy to share how two other food companies staged their rollout across sites.\n\nBest,\nSam')]);
    const match = index.check(nearCopy, { to: 'dana@acme.com' });
    expect(match).toMatchObject({ draftId: 'd-priya', to: 'priya@globex.com' });
    expect(match!.similarity).toBeGreaterThan(0.6);
    expect(match!.similarity).toBeLessThan(1);
    expect(match!.excerpt).toMatch(/^Our platform helps operations leaders/);
  });

  it('the same text to the same prospect is not generic (address compared case-insensitively)', () => {
    const index = GenericIndex.from([draft('d-dana', 'Dana@Acme.com', TEMPLATE)]);
    expect(index.check(TEMPLATE, { to: 'dana@acme.com' })).toBeNull();
    expect(index.check(TEMPLATE, { to: 'omar@hooli.com' })?.draftId).toBe('d-dana');
  });

  it('a different email to another prospect is not generic, nor is the draft itself, nor a draft saved after `before`', () => {
    const index = GenericIndex.from([draft('d1', 'priya@globex.com', TEMPLATE, 100)]);
    expect(index.check('Hi Omar,\n\nThe Osaka site sounds like a big step. Happy to share how two other food companies staged their rollout across sites.', { to: 'omar@hooli.com' })).toBeNull();
    expect(index.check(TEMPLATE, { to: 'x@y.com', excludeId: 'd1' })).toBeNull();
    expect(index.check(TEMPLATE, { to: 'x@y.com', before: 99 })).toBeNull();
    expect(index.check(TEMPLATE, { to: 'x@y.com', before: 100 })?.draftId).toBe('d1');
  });

  it('greeting and signature are left out: two short notes that share only them are not copies', () => {
    const sig = '\n\nBest regards,\nSam Lee\nAccount Executive, Countersign\nhttps://countersign.io\n+1 555 0100';
    const index = GenericIndex.from([draft('a', 'a@x.com', `Hi Dana,\n\nThe Rotterdam numbers look right to me and the contract can start in May.${sig}`)]);
    expect(index.check(`Hi Dana,\n\nAttached is the SOC2 report your security team asked for last week.${sig}`, { to: 'b@y.com' })).toBeNull();
  });

  it('respects the threshold and adds incrementally, an id added again replacing its earlier text', () => {
    const strict = new GenericIndex({ threshold: 0.95 });
    strict.add(draft('d1', 'priya@globex.com', TEMPLATE));
    expect(strict.check(nearCopy, { to: 'dana@acme.com' })).toBeNull();
    expect(strict.check(TEMPLATE, { to: 'dana@acme.com' })?.similarity).toBe(1);
    strict.add(draft('d1', 'priya@globex.com', 'Hi Priya,\n\nSomething else entirely: the Lyon office move, the new badge readers, and the parking plan for the spring.'));
    expect(strict.size).toBe(1);
    expect(strict.check(TEMPLATE, { to: 'dana@acme.com' })).toBeNull();
    expect(() => new GenericIndex({ threshold: 0 })).toThrow(/threshold/);
  });

  it('a body too short to judge is never generic', () => {
    const index = GenericIndex.from([draft('d1', 'a@x.com', 'Thanks, sounds good!')]);
    expect(index.check('Thanks, sounds good!', { to: 'b@y.com' })).toBeNull();
  });

  it('over 5,000 stored drafts, finds the planted copy and agrees with a brute-force scan', () => {
    const stored = storedDrafts(5_000);
    const index = GenericIndex.from(stored);
    index.add(draft('planted', 'priya@globex.com', TEMPLATE, 5_000));
    expect(index.size).toBe(5_001);
    expect(index.check(nearCopy, { to: 'dana@acme.com' })?.draftId).toBe('planted');
    // For templated drafts, LSH finds the best match a full scan finds.
    const probe = stored[42]!;
    const probeSet = shingleSet(probe.body.split('\n').slice(2, 5).join(' '));
    let best = { id: '', sim: 0 };
    for (const d of stored) {
      if (d.to === probe.to) continue;
      const sim = jaccard(probeSet, shingleSet(d.body.split('\n').slice(2, 5).join(' ')));
      if (sim > best.sim || (sim === best.sim && d.createdAt < (stored.find((s) => s.id === best.id)?.createdAt ?? Infinity))) best = { id: d.id, sim };
    }
    const match = index.check(probe.body, { to: probe.to });
    expect(best.sim).toBeGreaterThanOrEqual(0.6);
    expect(match?.similarity).toBeCloseTo(best.sim, 3);
  });
});
