import type { Chrono, ParsedComponents, ParsedResult } from 'chrono-node';
import * as de from 'chrono-node/de';
import * as en from 'chrono-node/en';
import * as es from 'chrono-node/es';
import * as fr from 'chrono-node/fr';
import * as it from 'chrono-node/it';
import * as ja from 'chrono-node/ja';
import * as nl from 'chrono-node/nl';
import * as pt from 'chrono-node/pt';

/** A calendar date as written, "2026-01-15". */
export type IsoDate = string;

/** A date a text names, resolved against the message's own date. */
export interface DateMention {
  /** Where the phrase starts and ends in the text. */
  index: number;
  end: number;
  text: string;
  start: IsoDate;
  /** The last day of a range ("July 10-31", "vom 3. bis 14. Juni"), null for one date. */
  until: IsoDate | null;
  /** The phrase names the day, not only a month or a weekday ("March", "Friday"). */
  dayStated: boolean;
}

/** What dates are read against: the message's Date and the writer's UTC offset in minutes. */
export interface DateReference {
  instant: Date;
  timezone: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function isoOf(c: ParsedComponents): IsoDate {
  return `${c.get('year') ?? 0}-${pad(c.get('month') ?? 1)}-${pad(c.get('day') ?? 1)}`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The UTC offset (minutes) a Date header is written in: "+0900" → 540. */
export function timezoneOfDateHeader(value: string | undefined): number | null {
  const m = /([+-])(\d{2}):?(\d{2})\s*(?:\(.*\))?\s*$/.exec(value ?? '');
  if (!m) return /\b(?:GMT|UTC|UT|Z)\b/.test(value ?? '') ? 0 : null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** English first (US, then day-first British), then the other languages Countersign reads. */
const PARSERS: readonly Chrono[] = [en.casual, en.GB, de.casual, fr.casual, es.casual, nl.casual, it.casual, pt.casual, ja.casual];

/** "now", "today", "this afternoon": the moment of writing, not a date anyone is told to come back on. */
const NOT_A_DATE_TAG = /^casualReference\/(?:now|today|morning|afternoon|evening|night|tonight|noon|midnight)$|TimeParser$/;

/** Date parsers slow down badly on long runs of whitespace: dates are read in a short, tidied text. */
const MAX_DATE_TEXT = 4_000;

/** The text dates are read in: whitespace runs collapsed, at most the first few thousand characters. */
export function dateText(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .slice(0, MAX_DATE_TEXT);
}

/** A weekday named beside a numeric date it contradicts means the numbers were read the wrong way round. */
function weekdayAgrees(r: ParsedResult): boolean {
  if (!r.start.isCertain('weekday') || !r.start.isCertain('day')) return true;
  const iso = isoOf(r.start);
  return new Date(`${iso}T00:00:00Z`).getUTCDay() === r.start.get('weekday');
}

/**
 * Every date a text (tidied by `dateText`) names, in text order, each phrase read by the first language parser that
 * reads it sensibly. Dates without a year are the next such date on or after the message's date.
 */
export function findDates(text: string, ref: DateReference): DateMention[] {
  const reference = ref.timezone === null ? ref.instant : { instant: ref.instant, timezone: ref.timezone };
  const mentions: DateMention[] = [];
  const taken = (from: number, to: number) => mentions.some((m) => from < m.end && to > m.index);
  for (const parser of PARSERS) {
    let results: ParsedResult[];
    try {
      results = parser.parse(text, reference, { forwardDate: true });
    } catch {
      continue; // A locale that trips over a text reads nothing in it.
    }
    for (const r of results) {
      const end = r.index + r.text.length;
      // Times alone ("at 3pm") and bare numbers are not dates.
      if (!r.start.isCertain('day') && !r.start.isCertain('weekday') && !r.start.isCertain('month')) continue;
      if (/^\s*\d{1,2}\s*$/.test(r.text) || !weekdayAgrees(r) || taken(r.index, end) || [...r.tags()].some((t) => NOT_A_DATE_TAG.test(t))) continue;
      mentions.push({
        index: r.index,
        end,
        text: r.text,
        start: isoOf(r.start),
        until: r.end ? isoOf(r.end) : null,
        dayStated: r.start.isCertain('day') || r.start.isCertain('weekday'),
      });
    }
  }
  return mentions.sort((a, b) => a.index - b.index);
}
