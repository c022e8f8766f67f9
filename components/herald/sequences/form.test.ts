import { describe, expect, it } from 'vitest';
import { Request } from '../../../lib/protocol/messages';
import { draftToRequest, emptyDraft, parseContacts, percent, splitCsvLine, stepsSummary, type SequenceDraft } from './form';

describe('splitCsvLine', () => {
  it('splits on commas, trims, and keeps commas and quotes inside quoted fields', () => {
    expect(splitCsvLine(' a@x.example , Ada ,Acme')).toEqual(['a@x.example', 'Ada', 'Acme']);
    expect(splitCsvLine('b@x.example,"Bob ""B"" Smith","Acme, Inc."')).toEqual(['b@x.example', 'Bob "B" Smith', 'Acme, Inc.']);
    expect(splitCsvLine('c@x.example')).toEqual(['c@x.example']);
    expect(splitCsvLine('c@x.example,,Co')).toEqual(['c@x.example', '', 'Co']);
  });
});

describe('parseContacts', () => {
  it('reads email,name,company lines, with name and company optional and an optional time zone', () => {
    const r = parseContacts('ada@x.example,Ada Lovelace,Engines\r\n\nbob@y.example\ncy@z.example,Cy,,Europe/Berlin\n');
    expect(r.errors).toEqual([]);
    expect(r.contacts).toEqual([
      { email: 'ada@x.example', name: 'Ada Lovelace', company: 'Engines' },
      { email: 'bob@y.example', name: '', company: '' },
      { email: 'cy@z.example', name: 'Cy', company: '', timeZone: 'Europe/Berlin' },
    ]);
  });

  it('skips a header line and blank lines; nothing pasted is no contacts and no errors', () => {
    expect(parseContacts('Email,Name,Company\nada@x.example,Ada,Co').contacts.map((c) => c.email)).toEqual(['ada@x.example']);
    expect(parseContacts('')).toEqual({ contacts: [], errors: [] });
    expect(parseContacts('  \n\n')).toEqual({ contacts: [], errors: [] });
  });

  it('names the line of every problem, keeping the good lines', () => {
    const r = parseContacts(['ada@x.example,Ada', 'not-an-email,Bob', ',NoEmail,Co', 'cy@z.example,Cy,Co,Mars/Olympus', 'ADA@x.example,Ada again', 'd@x.example,a,b,UTC,extra', `e@x.example,${'n'.repeat(201)}`].join('\n'));
    expect(r.contacts.map((c) => c.email)).toEqual(['ada@x.example']);
    expect(r.errors).toEqual([
      { line: 2, message: '"not-an-email" is not an email address' },
      { line: 3, message: 'the email address is missing' },
      { line: 4, message: '"Mars/Olympus" is not a known time zone (use a name like Europe/Berlin)' },
      { line: 5, message: 'ADA@x.example is already on line 1' },
      { line: 6, message: 'expected email,name,company (and optionally a time zone), got 5 columns' },
      { line: 7, message: 'the name is too long (200 characters at most)' },
    ]);
  });

  it('refuses more than 5,000 contacts at once', () => {
    const text = Array.from({ length: 5_001 }, (_, i) => `p${i}@x.example`).join('\n');
    const r = parseContacts(text);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toContain('at most 5000');
  });
});

const filled = (over: Partial<SequenceDraft> = {}): SequenceDraft => ({
  ...emptyDraft('Europe/Berlin'),
  name: '  Q3 founders ',
  steps: [
    { delay: '0', instructions: ' Introduce us; mention their hiring. ' },
    { delay: '3', instructions: 'A short follow-up with the case study.' },
  ],
  contacts: 'ada@x.example,Ada,Engines\nbob@y.example,Bob,"Acme, Inc."',
  ...over,
});

describe('draftToRequest', () => {
  it('defaults to the browser zone and a 09:00–17:00 window with one step', () => {
    const d = emptyDraft();
    expect(d.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(d).toMatchObject({ start: '09:00', end: '17:00', steps: [{ delay: '0', instructions: '' }], contacts: '' });
  });

  it('turns a filled form into a sequence.create request the protocol accepts', () => {
    const r = draftToRequest(filled({ start: '08:30:00', end: '16:00' }));
    expect(r).toEqual({
      ok: true,
      request: {
        type: 'sequence.create',
        name: 'Q3 founders',
        timeZone: 'Europe/Berlin',
        window: { start: '08:30', end: '16:00', days: [1, 2, 3, 4, 5] },
        steps: [
          { delayBusinessDays: 0, instructions: 'Introduce us; mention their hiring.' },
          { delayBusinessDays: 3, instructions: 'A short follow-up with the case study.' },
        ],
        contacts: [
          { email: 'ada@x.example', name: 'Ada', company: 'Engines' },
          { email: 'bob@y.example', name: 'Bob', company: 'Acme, Inc.' },
        ],
      },
    });
    if (r.ok) expect(Request.safeParse(r.request).success).toBe(true);
  });

  it('allows a sequence with no contacts yet', () => {
    const r = draftToRequest(filled({ contacts: '' }));
    expect(r.ok && r.request.contacts).toEqual([]);
  });

  it('reports every problem at once, field by field and step by step', () => {
    const r = draftToRequest(
      filled({
        name: '   ',
        timeZone: 'Nowhere/Special',
        start: '17:00',
        end: '09:00',
        steps: [
          { delay: '-1', instructions: 'ok' },
          { delay: '2.5', instructions: '   ' },
          { delay: '61', instructions: 'x'.repeat(2001) },
        ],
        contacts: 'ada@x.example\nnope',
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBe('Name the sequence.');
    expect(r.errors.timeZone).toContain('"Nowhere/Special" is not a known time zone');
    expect(r.errors.window).toBe('The window must end after it starts');
    expect(Object.keys(r.errors.stepDelay ?? {})).toEqual(['0', '1', '2']);
    expect(r.errors.stepInstructions).toEqual({ 1: 'Say what this step is for.', 2: 'At most 2000 characters.' });
    expect(r.errors.contacts).toEqual([{ line: 2, message: '"nope" is not an email address' }]);
  });

  it('needs at least one step and a well-formed window', () => {
    const r = draftToRequest(filled({ steps: [], start: '9:00' }));
    expect(!r.ok && r.errors.steps).toBe('Add at least one step.');
    expect(!r.ok && r.errors.window).toBe('Use HH:MM (24-hour clock)');
  });
});

describe('display helpers', () => {
  it('shows shares with one decimal, so a 0.1% complaint rate is not 0%', () => {
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.001)).toBe('0.1%');
    expect(percent(0.0234)).toBe('2.3%');
    expect(percent(1)).toBe('100.0%');
  });

  it('summarises steps and their delays', () => {
    expect(stepsSummary([{ delayBusinessDays: 0 }, { delayBusinessDays: 3 }, { delayBusinessDays: 0 }])).toBe('3 steps: at enrolment, +3bd, same day');
    expect(stepsSummary([{ delayBusinessDays: 2 }])).toBe('1 step: +2bd');
    expect(stepsSummary([])).toBe('No steps');
  });
});
