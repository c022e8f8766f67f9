import { useState } from 'react';
import { FLAG_LABELS } from '../../../lib/agents/scout/score/prioritise';
import type { LaneEntry } from '../../../lib/agents/scout/score/prioritise';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextArea } from '../../ui/Field';
import { formatTime } from '../../ui/format';

export interface ActiveOverride {
  id: string;
  what: string;
  reason: string;
  /** Epoch ms; null: until revoked. */
  expiresAt: number | null;
}

/**
 * The overrides the list shows in force for one lead: a score set by hand, and flags a rep added
 * (their evidence points at the override). A dismissed flag leaves nothing in the list to show.
 */
export function activeOverrides(entry: LaneEntry): ActiveOverride[] {
  const out: ActiveOverride[] = [];
  const o = entry.result.overridden;
  if (o) out.push({ id: o.id, what: `Score set to ${o.value} (signals give ${entry.result.computed})`, reason: o.reason, expiresAt: o.expiresAt });
  for (const f of entry.flags) {
    if (f.evidence.source !== 'override') continue;
    const until = f.until === null ? null : Date.parse(f.until);
    out.push({ id: f.evidence.ref, what: `Flag added: ${FLAG_LABELS[f.kind]}`, reason: f.evidence.quote, expiresAt: until === null || Number.isNaN(until) ? null : until });
  }
  return out;
}

/** One override in force, with a Revoke that asks why. */
function OverrideLine({ override, busy, error, onRevoke }: { override: ActiveOverride; busy: boolean; error: unknown; onRevoke: (reason: string) => void }) {
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <li className="space-y-2 rounded-md border border-indigo-200 bg-indigo-50/50 px-3 py-2 text-xs" data-testid="cs-override-active">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          <p className="font-medium text-indigo-900">{override.what}</p>
          <p className="text-slate-700">Because: {override.reason}</p>
          <p className="text-slate-500">{override.expiresAt === null ? 'Until revoked' : `Until ${formatTime(override.expiresAt)}`}</p>
        </div>
        {!revoking && (
          <Button size="sm" variant="danger" onClick={() => setRevoking(true)} data-testid="cs-override-revoke">
            Revoke
          </Button>
        )}
      </div>
      {revoking && (
        <div className="space-y-2">
          <TextArea
            label="Why revoke it? (required, goes in the audit log)"
            rows={2}
            value={reason}
            onValue={(v) => (setReason(v), setMissing(false))}
            maxLength={500}
            error={missing ? 'A reason is required to revoke an override.' : null}
            data-testid="cs-override-revoke-reason"
          />
          <ErrorNote testId="cs-override-revoke-error">{error ? errorMessage(error) : null}</ErrorNote>
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="danger"
              busy={busy}
              onClick={() => (reason.trim() ? onRevoke(reason.trim()) : setMissing(true))}
              data-testid="cs-override-revoke-confirm"
            >
              Revoke
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRevoking(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

export function ActiveOverrides({ overrides, busyId, error, errorId, onRevoke }: { overrides: readonly ActiveOverride[]; busyId: string | null; error: unknown; errorId: string | null; onRevoke: (id: string, reason: string) => void }) {
  if (overrides.length === 0) return null;
  return (
    <ul className="space-y-1.5">
      {overrides.map((o) => (
        <OverrideLine key={o.id} override={o} busy={busyId === o.id} error={errorId === o.id ? error : null} onRevoke={(reason) => onRevoke(o.id, reason)} />
      ))}
    </ul>
  );
}
