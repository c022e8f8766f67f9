import type { ReactNode } from 'react';
import type { ApprovalState } from '../../lib/db/schema';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  warning: 'bg-amber-50 text-amber-800 ring-amber-200',
  danger: 'bg-rose-50 text-rose-800 ring-rose-200',
  accent: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
};

export function Badge({ tone = 'neutral', children, className = '' }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]} ${className}`}>{children}</span>;
}

const STATE: Record<ApprovalState, { tone: BadgeTone; label: string }> = {
  pending: { tone: 'warning', label: 'Awaiting review' },
  approved: { tone: 'info', label: 'Approved' },
  sending: { tone: 'info', label: 'Sending…' },
  sent: { tone: 'success', label: 'Sent' },
  denied: { tone: 'neutral', label: 'Denied' },
  failed: { tone: 'danger', label: 'Send failed' },
};

export function StateBadge({ state }: { state: ApprovalState }) {
  const { tone, label } = STATE[state];
  return <Badge tone={tone}>{label}</Badge>;
}
