import { WORKWEEK, type SendWindow } from './model';

/**
 * Business days and send windows in a recipient's own zone, with Intl alone (no tz database of
 * our own). Business days are Monday to Friday; public holidays are not known.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

interface LocalParts extends CivilDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time at `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year ?? 0, month: out.month ?? 0, day: out.day ?? 0, hour: (out.hour ?? 0) % 24, minute: out.minute ?? 0 };
}

const civilUtc = (d: CivilDate, hour = 0, minute = 0) => Date.UTC(d.year, d.month - 1, d.day, hour, minute);

/** How far `timeZone`'s wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return civilUtc(p, p.hour, p.minute) - (ms - (((ms % 60_000) + 60_000) % 60_000));
}

/**
 * The instant a wall-clock time occurs in `timeZone`: the first one when a DST fall-back repeats
 * it, and the time moved forward by the jump when a spring-forward skips it.
 */
export function zonedTime(date: CivilDate, hour: number, minute: number, timeZone: string): number {
  const target = civilUtc(date, hour, minute);
  const g1 = target - offsetAt(target, timeZone);
  const g2 = target - offsetAt(g1, timeZone);
  if (g1 === g2) return g1;
  const fits = [g1, g2].filter((g) => offsetAt(g, timeZone) === target - g);
  return fits.length ? Math.min(...fits) : Math.max(g1, g2);
}

export const localDate = (ms: number, timeZone: string): CivilDate => {
  const { year, month, day } = localParts(ms, timeZone);
  return { year, month, day };
};

export function addDays(d: CivilDate, n: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Working days of a window (rows written before `days` existed work Mon–Fri). */
const daysOf = (window?: Pick<SendWindow, 'days'>): readonly number[] => (window?.days?.length ? window.days : WORKWEEK);

export const isBusinessDay = (d: CivilDate, days: readonly number[] = WORKWEEK) => days.includes(new Date(civilUtc(d)).getUTCDay());

/** `n` business days after `d` (non-working days skipped); 0 gives `d` itself. */
export function addBusinessDays(d: CivilDate, n: number, days: readonly number[] = WORKWEEK): CivilDate {
  let out = d;
  for (let left = n; left > 0; ) {
    out = addDays(out, 1);
    if (isBusinessDay(out, days)) left -= 1;
  }
  return out;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function inWindow(ms: number, timeZone: string, window: SendWindow): boolean {
  const p = localParts(ms, timeZone);
  const m = p.hour * 60 + p.minute;
  return isBusinessDay(p, daysOf(window)) && m >= minutes(window.start) && m < minutes(window.end);
}

/** `ms` if it falls in the window on a business day, else the window's next opening. */
export function nextWindowOpening(ms: number, timeZone: string, window: SendWindow): number {
  if (inWindow(ms, timeZone, window)) return ms;
  const p = localParts(ms, timeZone);
  const start = minutes(window.start);
  let date: CivilDate = p;
  const days = daysOf(window);
  if (!isBusinessDay(date, days) || p.hour * 60 + p.minute >= start) date = addDays(date, 1);
  while (!isBusinessDay(date, days)) date = addDays(date, 1);
  return zonedTime(date, Math.floor(start / 60), start % 60, timeZone);
}

/**
 * When a step falls due: `delay` business days after the local day of `anchor`, at the window's
 * opening; with no delay, the first moment in the window from `anchor` on.
 */
export function stepDueAt(anchor: number, delayBusinessDays: number, timeZone: string, window: SendWindow): number {
  if (delayBusinessDays === 0) return nextWindowOpening(anchor, timeZone, window);
  const date = addBusinessDays(localDate(anchor, timeZone), delayBusinessDays, daysOf(window));
  const start = minutes(window.start);
  return nextWindowOpening(zonedTime(date, Math.floor(start / 60), start % 60, timeZone), timeZone, window);
}

/** Midnight (local) of the day `ms` falls on in `timeZone`. */
export const startOfLocalDay = (ms: number, timeZone: string) => zonedTime(localDate(ms, timeZone), 0, 0, timeZone);

/** Parses an ISO date ("2026-03-02") as a civil date, or null. */
export function parseIsoDate(iso: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 ? d : null;
}
