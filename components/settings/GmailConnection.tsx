import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../lib/protocol/client';
import type { SettingsView } from '../../lib/settings/schema';
import { keys } from '../query-client';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Section } from '../ui/Section';

/** Gmail account status with Connect / Disconnect. The token stays in the background. */
export function GmailConnection({ view }: { view: SettingsView }) {
  const qc = useQueryClient();
  const onDone = (next: SettingsView) => {
    qc.setQueryData(keys.settings, next);
    void qc.invalidateQueries({ queryKey: keys.status });
  };
  const connect = useMutation({ mutationFn: () => request({ type: 'gmail.connect' }), onSuccess: onDone });
  const disconnect = useMutation({ mutationFn: () => request({ type: 'gmail.disconnect' }), onSuccess: onDone });
  const { gmailConnected, gmailAccount } = view.secrets;
  const failure = connect.error ?? disconnect.error;

  return (
    <Section title="Gmail">
      <div className="flex items-center justify-between gap-3 rounded-md border border-slate-200 bg-white px-3 py-2">
        <div className="min-w-0 text-sm" data-testid="cs-gmail-status">
          {gmailConnected ? (
            <>
              <Badge tone="success">Connected</Badge> <span className="text-slate-600">as</span>{' '}
              <span className="font-medium break-all text-slate-900">{gmailAccount ?? 'unknown account'}</span>
            </>
          ) : (
            <Badge>Not connected</Badge>
          )}
        </div>
        {gmailConnected ? (
          <Button size="sm" variant="secondary" busy={disconnect.isPending} onClick={() => disconnect.mutate()} data-testid="cs-gmail-disconnect">
            Disconnect
          </Button>
        ) : (
          <Button size="sm" variant="primary" busy={connect.isPending} onClick={() => connect.mutate()} data-testid="cs-gmail-connect">
            Connect Gmail
          </Button>
        )}
      </div>
      {!gmailConnected && !view.gmail.clientId && <p className="text-xs text-slate-500">Save a Google OAuth client ID below first.</p>}
      <ErrorNote testId="cs-gmail-error">{failure ? errorMessage(failure) : null}</ErrorNote>
    </Section>
  );
}
