import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/protocol/client';
import type { SettingsView } from '../../../lib/settings/schema';
import { keys } from '../../query-client';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextInput } from '../../ui/Field';
import type { TokenCrm } from './crm-form';

const COPY: Record<TokenCrm, { label: string; token: string; where: string; urlLabel: string; urlHint: string }> = {
  hubspot: {
    label: 'HubSpot',
    token: 'Private app access token',
    where: 'HubSpot → Settings → Integrations → Private apps: create an app with CRM object read and write scopes, then copy its access token.',
    urlLabel: 'API URL',
    urlHint: 'https://api.hubapi.com unless you route HubSpot through a proxy.',
  },
  pipedrive: {
    label: 'Pipedrive',
    token: 'API token',
    where: 'Pipedrive → your profile → Personal preferences → API: copy your personal API token.',
    urlLabel: 'Company URL',
    urlHint: 'https://yourcompany.pipedrive.com, or https://api.pipedrive.com.',
  },
};

/** Paste an API token (it goes to the background and never comes back), or disconnect. */
export function TokenConnection({ crm, view, token, baseUrl, onToken, onBaseUrl }: { crm: TokenCrm; view: SettingsView; token: string; baseUrl: string; onToken: (v: string) => void; onBaseUrl: (v: string) => void }) {
  const qc = useQueryClient();
  const copy = COPY[crm];
  const connected = view.secrets.crm[crm];
  const disconnect = useMutation({
    mutationFn: () => request({ type: 'crm.disconnect', crm }),
    onSuccess: (next) => qc.setQueryData(keys.settings, next),
  });
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3 rounded-md border border-slate-200 bg-white px-3 py-2" data-testid={`cs-crm-status-${crm}`}>
        <span className="text-sm">{connected ? <Badge tone="success">Token saved</Badge> : <Badge>Not connected</Badge>}</span>
        {connected && (
          <Button size="sm" variant="danger" busy={disconnect.isPending} onClick={() => disconnect.mutate()} data-testid={`cs-crm-disconnect-${crm}`}>
            Disconnect
          </Button>
        )}
      </div>
      <TextInput
        label={copy.token}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={token}
        onValue={onToken}
        placeholder={connected ? 'Leave blank to keep the saved token' : `Paste your ${copy.label} token`}
        hint={copy.where}
        data-testid={`cs-crm-token-${crm}`}
      />
      <TextInput label={copy.urlLabel} value={baseUrl} onValue={onBaseUrl} inputMode="url" spellCheck={false} hint={copy.urlHint} data-testid={`cs-crm-base-url-${crm}`} />
      <ErrorNote testId="cs-crm-disconnect-error">{disconnect.error ? errorMessage(disconnect.error) : null}</ErrorNote>
    </div>
  );
}
