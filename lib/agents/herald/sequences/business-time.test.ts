import { describe, expect, it } from 'vitest';
import { addBusinessDays, inWindow, localParts, nextWindowOpening, startOfLocalDay, stepDueAt, zonedTime } from './business-time';

const WINDOW = { start: '09:00', end: '17:00' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('business days and send windows in the recipient zone', () => {
  it('skips the weekend: Friday plus one business day is Monday at the window opening', () => {
    const friday = Date.parse('2026-01-09T10:30:00+01:00'); // Berlin, Friday
    expect(iso(stepDueAt(friday, 1, 'Europe/Berlin', WINDOW))).toBe('2026-01-12T08:00:00.000Z');
    expect(addBusinessDays({ year: 2026, month: 1, day: 9 }, 3)).toEqual({ year: 2026, month: 1, day: 14 });
  });

  it('a weekend enrolment with no delay waits for Monday morning', () => {
    const saturday = Date.parse('2026-01-10T12:00:00+01:00');
    expect(iso(stepDueAt(saturday, 0, 'Europe/Berlin', WINDOW))).toBe('2026-01-12T08:00:00.000Z');
  });

  it('inside the window a step with no delay is due at once; after hours it waits for the next morning', () => {
    const tuesdayNoon = Date.parse('2026-01-13T12:00:00+01:00');
    expect(stepDueAt(tuesdayNoon, 0, 'Europe/Berlin', WINDOW)).toBe(tuesdayNoon);
    const tuesdayEvening = Date.parse('2026-01-13T17:00:00+01:00'); // the end is exclusive
    expect(iso(nextWindowOpening(tuesdayEvening, 'Europe/Berlin', WINDOW))).toBe('2026-01-14T08:00:00.000Z');
    expect(iso(nextWindowOpening(Date.parse('2026-01-13T06:00:00+01:00'), 'Europe/Berlin', WINDOW))).toBe('2026-01-13T08:00:00.000Z');
  });

  it('the same instant is judged in the recipient zone, not the mailbox zone', () => {
    const instant = Date.parse('2026-01-12T20:00:00Z'); // Monday 21:00 in Berlin, Tuesday 05:00 in Tokyo
    expect(inWindow(instant, 'Europe/Berlin', WINDOW)).toBe(false);
    expect(iso(nextWindowOpening(instant, 'Asia/Tokyo', WINDOW))).toBe('2026-01-13T00:00:00.000Z');
    expect(iso(nextWindowOpening(instant, 'America/Los_Angeles', WINDOW))).toBe(iso(instant)); // 12:00 Monday there
  });

  it('keeps 09:00 local across the spring-forward change (Berlin, 29 March 2026)', () => {
    const friday = Date.parse('2026-03-27T10:00:00+01:00');
    const due = stepDueAt(friday, 1, 'Europe/Berlin', WINDOW);
    expect(iso(due)).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST, one hour earlier in UTC than the Friday before
    expect(localParts(due, 'Europe/Berlin')).toMatchObject({ day: 30, hour: 9, minute: 0 });
  });

  it('keeps 09:00 local across the fall-back change (New York, 1 November 2026)', () => {
    const friday = Date.parse('2026-10-30T11:00:00-04:00');
    expect(iso(stepDueAt(friday, 1, 'America/New_York', WINDOW))).toBe('2026-11-02T14:00:00.000Z'); // 09:00 EST
    expect(iso(stepDueAt(friday, 0, 'America/New_York', WINDOW))).toBe(iso(friday));
  });

  it('resolves skipped and repeated wall-clock times', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it moves forward to 03:30 CEST.
    expect(iso(zonedTime({ year: 2026, month: 3, day: 29 }, 2, 30, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // 01:30 happens twice in New York on 1 November 2026: the first (EDT) is taken.
    expect(iso(zonedTime({ year: 2026, month: 11, day: 1 }, 1, 30, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(startOfLocalDay(Date.parse('2026-11-01T20:00:00Z'), 'America/New_York'))).toBe('2026-11-01T04:00:00.000Z');
  });

  it('counts business days over a long delay in the southern hemisphere (Sydney DST ends 5 April 2026)', () => {
    const thursday = Date.parse('2026-04-02T10:00:00+11:00');
    expect(iso(stepDueAt(thursday, 2, 'Australia/Sydney', WINDOW))).toBe('2026-04-05T23:00:00.000Z'); // Mon 6 Apr 09:00 AEST
  });
});

describe('working days other than Monday to Friday', () => {
  it('a Sunday-to-Thursday team: Friday and Saturday are skipped, Sunday is a working day', () => {
    const sunThu = { start: '09:00', end: '17:00', days: [0, 1, 2, 3, 4] };
    const friday = Date.UTC(2026, 0, 2, 10); // Fri 2 Jan 2026, 10:00 UTC
    expect(inWindow(friday, 'UTC', sunThu)).toBe(false);
    expect(new Date(nextWindowOpening(friday, 'UTC', sunThu)).toISOString()).toBe('2026-01-04T09:00:00.000Z');
    expect(new Date(stepDueAt(Date.UTC(2026, 0, 1, 10), 1, 'UTC', sunThu)).toISOString()).toBe('2026-01-04T09:00:00.000Z');
    // Every day: a Saturday is in the window.
    expect(inWindow(Date.UTC(2026, 0, 3, 10), 'UTC', { start: '00:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] })).toBe(true);
  });
});
