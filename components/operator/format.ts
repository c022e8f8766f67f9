import type { AlertLevel, AlertState } from '../../lib/agents/sentinel/model';
import type { Actor } from '../../lib/db/schema';
import type { BadgeTone } from '../ui/Badge';

/** The condition key of a hold a person set by hand (lib/background/sentinel.ts MANUAL_HOLD). */
export const MANUAL_HOLD_KEY = 'manual.hold';

/** Each level says in words what it does, so the meaning never rests on colour alone. */
export const LEVEL: Record<AlertLevel, { label: string; tone: BadgeTone }> = {
  info: { label: 'Info', tone: 'info' },
  badge: { label: 'Warning', tone: 'warning' },
  notification: { label: 'Urgent', tone: 'danger' },
  hold: { label: 'Hold: sending stopped', tone: 'danger' },
};

export const STATE: Record<AlertState, { label: string; tone: BadgeTone }> = {
  open: { label: 'Open', tone: 'warning' },
  acknowledged: { label: 'Acknowledged', tone: 'neutral' },
  closed: { label: 'Closed', tone: 'success' },
};

/** A share of sends as a percentage; two decimals below 1% so 0.1% and 0.3% stay readable. */
export const rate = (r: number): string => `${(r * 100).toFixed(r < 0.01 ? 2 : 1)}%`;

/** Who did something: "you (rep)", "Sentinel", "system: alarm". */
export function actorLabel(a: Actor): string {
  if (a.type === 'agent') return a.id.charAt(0).toUpperCase() + a.id.slice(1);
  return a.type === 'human' ? `a person (${a.id})` : `system (${a.id})`;
}

/** A duration in minutes in a few characters: "12 min", "2 h 5 min", "3 d 4 h". */
export function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return `${d} d${h ? ` ${h} h` : ''}`;
}

/** How long ago `at` was, relative to `now`. */
export const ago = (at: number, now: number): string => (now - at < 60_000 ? 'just now' : `${duration((now - at) / 60_000)} ago`);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
