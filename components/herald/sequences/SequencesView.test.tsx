// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { humanActor } from '../../../lib/audit/log';
import { createSequence } from '../../../lib/agents/herald/sequences';
import type { Services } from '../../../lib/background/services';
import type { CountersignDb } from '../../../lib/db/schema';
import { click, realBackground, renderWithQueries, type } from '../../../test/panel-harness';
import { shadowPanel } from '../../../test/shadow-panel';
import { SequencesView } from './SequencesView';

/** Monday 12 January 2026, 08:00 UTC. */
const NOW = Date.parse('2026-01-12T08:00:00Z');
const DAY = 86_400_000;
const MAILBOX = { name: 'Sam Rep', email: 'sam.rep@example.com' };

const bg = realBackground({ now: () => NOW });
const { root, inPanel, allInPanel } = shadowPanel('countersign-sequences');
let db: CountersignDb;
let services: Services;
const sent = bg.sent;

beforeEach(async () => {
  db = bg.db();
  services = bg.services();
  await services.settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: NOW + 3_600_000, account: MAILBOX.email });
});

const sentTypes = () => sent.mock.calls.map(([r]) => r.type);
const render = () => renderWithQueries(root(), <SequencesView />);

const within = (el: Element | null | undefined, testId: string) => el?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null;
const item = (name: string) => allInPanel('cs-sequence').find((e) => e.getAttribute('aria-label') === name) ?? null;

const seed = (name: string, at = NOW) =>
  createSequence(db, { name, mailbox: MAILBOX, timeZone: 'Europe/Berlin', window: { start: '09:00', end: '17:00' }, steps: [{ delayBusinessDays: 0, instructions: 'Introduce the pilot.' }, { delayBusinessDays: 2, instructions: 'Follow up.' }] }, humanActor(), at);

describe('SequencesView', () => {
  it('creates a sequence from the form: contacts are checked line by line before anything is sent', async () => {
    await render();
    expect(inPanel('cs-sequences-empty')).not.toBeNull();
    await click(inPanel('cs-sequence-new-open'));
    expect(inPanel('cs-sequence-new')).not.toBeNull();

    await type(inPanel('cs-sequence-name'), 'Q1 logistics');
    await type(allInPanel('cs-sequence-step-instructions')[0], 'Introduce the pilot; mention their new depot.');
    await click(inPanel('cs-sequence-add-step'));
    expect(allInPanel('cs-sequence-step-instructions')).toHaveLength(2);
    await type(allInPanel('cs-sequence-step-delay')[1], '3');
    await type(allInPanel('cs-sequence-step-instructions')[1], 'Follow up with the case study.');
    await type(inPanel('cs-sequence-contacts'), 'ada@depot.example,Ada,Depot Co\nnot-an-address,Bob\nbea@hub.example,Bea,"Hub, Ltd."');
    expect(within(inPanel('cs-sequence-new'), 'cs-sequence-contacts-errors')?.textContent).toBe('Line 2: "not-an-address" is not an email address');

    await click(inPanel('cs-sequence-create'));
    expect(sentTypes()).not.toContain('sequence.create');
    expect(await db.sequences.count()).toBe(0);

    await type(inPanel('cs-sequence-contacts'), 'ada@depot.example,Ada,Depot Co\nbea@hub.example,Bea,"Hub, Ltd."');
    await click(inPanel('cs-sequence-create'));
    expect(sent.mock.calls.find(([r]) => r.type === 'sequence.create')?.[0]).toMatchObject({
      name: 'Q1 logistics',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      window: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      steps: [
        { delayBusinessDays: 0, instructions: 'Introduce the pilot; mention their new depot.' },
        { delayBusinessDays: 3, instructions: 'Follow up with the case study.' },
      ],
    });
    expect(inPanel('cs-sequence-new')).toBeNull();
    expect(inPanel('cs-sequence-created')?.textContent).toContain('Q1 logistics');

    const seq = item('Q1 logistics');
    expect(seq?.dataset.state).toBe('active');
    expect(within(seq, 'cs-sequence-enrolled')?.textContent).toBe('2 active · 0 out of office · 0 stopped · 0 done');
    expect(within(seq, 'cs-sequence-stats')?.textContent).toBe('0 sent · hard bounce 0.0% · opt-out 0.0% · complaint 0.0% · reply 0.0%');
    expect(within(seq, 'cs-sequence-steps')?.textContent).toBe('2 steps: at enrolment, +3bd');
    expect(within(seq, 'cs-sequence-awaiting')?.textContent).toBe('0');
    expect((await db.enrolments.toArray()).map((e) => e.contact.company).sort()).toEqual(['Depot Co', 'Hub, Ltd.']);
  });

  it("shows the background's refusal (no Gmail connected) and keeps the form", async () => {
    await services.settings.setGmailToken(null);
    await render();
    await click(inPanel('cs-sequence-new-open'));
    await type(inPanel('cs-sequence-name'), 'No mailbox');
    await type(allInPanel('cs-sequence-step-instructions')[0], 'Say hello.');
    await click(inPanel('cs-sequence-create'));
    expect(inPanel('cs-sequence-create-error')?.textContent).toBe('Connect Gmail in Countersign settings first: sequences go out from your mailbox.');
    expect(inPanel('cs-sequence-new')).not.toBeNull();
    expect(await db.sequences.count()).toBe(0);
  });

  it('a run pauses a sequence nobody reviewed for 30 days; it resumes only with a note of what was reviewed', async () => {
    const stale = await seed('Stale outreach', NOW - 31 * DAY);
    await render();
    expect(item('Stale outreach')?.dataset.state).toBe('active');

    await click(inPanel('cs-sequence-run'));
    const result = inPanel('cs-sequence-run-result')?.textContent ?? '';
    expect(result).toContain('No step was due.');
    expect(result).toContain('Paused: Stale outreach.');

    const seq = item('Stale outreach');
    expect(seq?.dataset.state).toBe('paused');
    expect(within(seq, 'cs-sequence-pause-reason')?.textContent).toBe('review overdue: not reviewed for 31 days (every 30 days required)');
    expect(within(seq, 'cs-sequence-pause')).toBeNull();

    await click(within(seq, 'cs-sequence-resume'));
    expect(seq?.textContent).toContain('Say what you reviewed: it goes in the audit log.');
    expect(sentTypes()).not.toContain('sequence.resume');
    expect((await db.sequences.get(stale.id))?.state).toBe('paused');

    await type(within(seq, 'cs-sequence-resume-note'), 'Read the last ten drafts and the reply rate: fine.');
    await click(within(item('Stale outreach'), 'cs-sequence-resume'));
    expect(item('Stale outreach')?.dataset.state).toBe('active');
    const row = await db.sequences.get(stale.id);
    expect(row).toMatchObject({ state: 'active', pause: null, reviewedAt: NOW });
    const audit = await db.audit.where('action').equals('sequence.resumed').toArray();
    expect(audit.map((a) => (a.detail as { note: string }).note)).toEqual(['Read the last ten drafts and the reply rate: fine.']);
  });

  it('pauses by hand only with a note, and lists the paused sequence first', async () => {
    await seed('Alpha', NOW - 2 * DAY);
    await seed('Beta', NOW - DAY);
    await render();
    expect(allInPanel('cs-sequence').map((e) => e.getAttribute('aria-label'))).toEqual(['Beta', 'Alpha']);

    await click(within(item('Alpha'), 'cs-sequence-pause'));
    expect(item('Alpha')?.textContent).toContain('Say why: it goes in the audit log.');
    expect(sentTypes()).not.toContain('sequence.pause');

    await type(within(item('Alpha'), 'cs-sequence-pause-note'), 'Pricing changes next week');
    await click(within(item('Alpha'), 'cs-sequence-pause'));
    expect(item('Alpha')?.dataset.state).toBe('paused');
    expect(within(item('Alpha'), 'cs-sequence-pause-reason')?.textContent).toBe('Pricing changes next week');
    expect(item('Alpha')?.textContent).toContain('Paused by hand');
    expect(allInPanel('cs-sequence').map((e) => `${e.getAttribute('aria-label')}:${e.dataset.state}`)).toEqual(['Alpha:paused', 'Beta:active']);
  });

  it('enrols more contacts into an existing sequence', async () => {
    await seed('Alpha');
    await render();
    await click(within(item('Alpha'), 'cs-sequence-enrol-open'));
    await type(within(item('Alpha'), 'cs-sequence-enrol-contacts'), 'cy@x.example,Cy,X\ndee@y.example,Dee,Y');
    await click(within(item('Alpha'), 'cs-sequence-enrol'));
    expect(within(item('Alpha'), 'cs-sequence-enrol-result')?.textContent).toBe('Enrolled 2.');
    expect(within(item('Alpha'), 'cs-sequence-enrolled')?.textContent).toBe('2 active · 0 out of office · 0 stopped · 0 done');
  });
});
