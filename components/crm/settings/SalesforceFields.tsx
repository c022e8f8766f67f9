import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/protocol/client';
import type { SettingsView } from '../../../lib/settings/schema';
import { keys } from '../../query-client';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextInput } from '../../ui/Field';
import type { CrmForm } from './crm-form';
import { redirectUrl } from '../../settings/redirect-url';

type Fields = CrmForm['salesforce'];

/** The user's own connected app, and sign-in with it (OAuth with PKCE, run by the background). */
export function SalesforceFields({ view, value, onChange }: { view: SettingsView; value: Fields; onChange: (patch: Partial<Fields>) => void }) {
  const qc = useQueryClient();
  const onDone = (next: SettingsView) => qc.setQueryData(keys.settings, next);
  const connect = useMutation({ mutationFn: () => request({ type: 'crm.connect', crm: 'salesforce' }), onSuccess: onDone });
  const disconnect = useMutation({ mutationFn: () => request({ type: 'crm.disconnect', crm: 'salesforce' }), onSuccess: onDone });
  const connected = view.secrets.crm.salesforce;
  // Sign-in uses the saved consumer key and login URL, not what is typed and unsaved.
  const savedApp = view.crm.salesforce.clientId !== '';
  const failure = connect.error ?? disconnect.error;
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3 rounded-md border border-slate-200 bg-white px-3 py-2" data-testid="cs-crm-status-salesforce">
        <span className="text-sm">{connected ? <Badge tone="success">Signed in</Badge> : <Badge>Not connected</Badge>}</span>
        {connected ? (
          <Button size="sm" variant="danger" busy={disconnect.isPending} onClick={() => disconnect.mutate()} data-testid="cs-crm-disconnect-salesforce">
            Disconnect
          </Button>
        ) : (
          <Button size="sm" variant="primary" busy={connect.isPending} disabled={!savedApp} onClick={() => connect.mutate()} data-testid="cs-crm-connect-salesforce">
            Connect Salesforce
          </Button>
        )}
      </div>
      {!connected && !savedApp && <p className="text-xs text-slate-500">Save your connected app's consumer key below first.</p>}
      <TextInput
        label="Connected app consumer key"
        value={value.clientId}
        onValue={(clientId) => onChange({ clientId })}
        spellCheck={false}
        hint={
          <>
            From your own Salesforce connected app (OAuth enabled, PKCE required). Its callback URL:{' '}
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[11px] break-all text-slate-800 select-all">{redirectUrl()}</code>
          </>
        }
        data-testid="cs-crm-salesforce-client-id"
      />
      <TextInput
        label="Login URL"
        value={value.loginUrl}
        onValue={(loginUrl) => onChange({ loginUrl })}
        inputMode="url"
        spellCheck={false}
        hint="https://login.salesforce.com, https://test.salesforce.com for a sandbox, or your My Domain URL."
        data-testid="cs-crm-salesforce-login-url"
      />
      <TextInput label="API version" value={value.apiVersion} onValue={(apiVersion) => onChange({ apiVersion })} spellCheck={false} className="max-w-28" data-testid="cs-crm-salesforce-api-version" />
      <ErrorNote testId="cs-crm-connect-error">{failure ? errorMessage(failure) : null}</ErrorNote>
    </div>
  );
}
