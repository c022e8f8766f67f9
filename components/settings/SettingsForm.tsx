import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { request } from '../../lib/protocol/client';
import type { SettingsPatch, SettingsView } from '../../lib/settings/schema';
import { keys } from '../query-client';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextArea, TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Section';
import { Spinner } from '../ui/Spinner';
import { CrmSettings } from './CrmSettings';
import { VoiceSettings } from './VoiceSettings';
import { GmailConnection } from './GmailConnection';
import { hostNeedingPermission } from './model-host';
import { redirectUrl } from './redirect-url';

/** Settings for the popup and the approval panel. Secrets go in, never come back out. */
export function SettingsForm() {
  const { data, error } = useQuery({ queryKey: keys.settings, queryFn: () => request({ type: 'settings.get' }) });
  if (!data) {
    if (error) return <ErrorNote>{errorMessage(error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> Loading settings…
      </p>
    );
  }
  // A failed refetch keeps the form (and what the user typed) on screen.
  return (
    <div className="space-y-6">
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
      <GmailConnection view={data} />
      <SettingsEditor view={data} />
      <CrmSettings view={data} />
    </div>
  );
}

interface FormState {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutSeconds: string;
  clientId: string;
  repName: string;
  signature: string;
}

const fromView = (v: SettingsView): FormState => ({
  baseUrl: v.model.baseUrl,
  model: v.model.model,
  apiKey: '',
  timeoutSeconds: String(Math.round(v.model.timeoutMs / 1000)),
  clientId: v.gmail.clientId,
  repName: v.rep.name,
  signature: v.rep.signature,
});

function SettingsEditor({ view }: { view: SettingsView }) {
  const qc = useQueryClient();
  // Initialised once: background refetches must not overwrite what the user is typing.
  const [form, setForm] = useState<FormState>(() => fromView(view));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (k: keyof FormState) => (value: string) => {
    setForm((f) => ({ ...f, [k]: value }));
    setSaved(null);
  };

  const save = useMutation({
    mutationFn: (patch: SettingsPatch) => request({ type: 'settings.update', patch }),
    onSuccess: (next, patch) => {
      qc.setQueryData(keys.settings, next);
      void qc.invalidateQueries({ queryKey: keys.status });
      setForm(fromView(next));
      setSaved(patch.modelApiKey === null ? 'API key cleared.' : 'Settings saved.');
    },
    onError: (e) => setProblem(errorMessage(e)),
  });

  const onSave = () => {
    setProblem(null);
    setSaved(null);
    const seconds = Number(form.timeoutSeconds.trim());
    if (!form.timeoutSeconds.trim() || !Number.isFinite(seconds)) {
      setProblem('Timeout must be a number of seconds (1–300).');
      return;
    }
    const patch: SettingsPatch = {
      model: { baseUrl: form.baseUrl.trim(), model: form.model.trim(), timeoutMs: Math.round(seconds * 1000) },
      gmail: { clientId: form.clientId.trim() },
      rep: { name: form.repName.trim(), signature: form.signature },
      ...(form.apiKey.trim() ? { modelApiKey: form.apiKey.trim() } : {}),
    };
    const origin = hostNeedingPermission(patch.model?.baseUrl ?? '');
    if (!origin) {
      save.mutate(patch);
      return;
    }
    // Must be called synchronously inside the click: the browser only prompts during a user gesture.
    browser.permissions.request({ origins: [`${origin}/*`] }).then(
      (granted) => {
        if (granted) save.mutate(patch);
        else
          setProblem(
            `Countersign was not allowed to reach ${origin}, so nothing was saved. The model server can only be called after you allow that site: press Save again and choose Allow, or use a local server (localhost) or api.openai.com.`,
          );
      },
      (e: unknown) => setProblem(`Could not ask for permission to reach ${origin}: ${errorMessage(e)}`),
    );
  };

  const clearKey = () => {
    setProblem(null);
    setSaved(null);
    save.mutate({ modelApiKey: null });
  };

  const keySet = view.secrets.modelApiKeySet;
  return (
    <div className="space-y-6">
      <Section title="Model">
        <TextInput
          label="Base URL"
          value={form.baseUrl}
          onValue={set('baseUrl')}
          placeholder="https://api.openai.com/v1"
          inputMode="url"
          spellCheck={false}
          data-testid="cs-settings-base-url"
          hint="Any OpenAI-compatible server. Hosts other than localhost and api.openai.com ask for permission when you save."
        />
        <TextInput label="Model name" value={form.model} onValue={set('model')} placeholder="gpt-4o-mini" spellCheck={false} data-testid="cs-settings-model" />
        <div className="space-y-2">
          <TextInput
            label="API key"
            type="password"
            autoComplete="off"
            value={form.apiKey}
            onValue={set('apiKey')}
            placeholder={keySet ? 'Leave blank to keep the saved key' : 'Paste a key (not needed for local servers)'}
            data-testid="cs-settings-api-key"
            aside={keySet ? <Badge tone="success">key saved</Badge> : <Badge>no key</Badge>}
          />
          {keySet && (
            <Button size="sm" variant="danger" onClick={clearKey} disabled={save.isPending} data-testid="cs-settings-clear-key">
              Clear key
            </Button>
          )}
        </div>
        <TextInput
          label="Timeout (seconds)"
          type="number"
          min={1}
          max={300}
          step={1}
          value={form.timeoutSeconds}
          onValue={set('timeoutSeconds')}
          className="max-w-28"
          data-testid="cs-settings-timeout"
          hint="Local models can be slow: 60 seconds or more is reasonable."
        />
      </Section>

      <Section title="Google OAuth">
        <TextInput
          label="OAuth client ID"
          value={form.clientId}
          onValue={set('clientId')}
          placeholder="1234-abc.apps.googleusercontent.com"
          spellCheck={false}
          data-testid="cs-settings-client-id"
          hint={
            <>
              From your own Google Cloud "Web application" client. Register this redirect URI on it:{' '}
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[11px] break-all text-slate-800 select-all">{redirectUrl()}</code>
            </>
          }
        />
      </Section>

      <Section title="You">
        <TextInput label="Your name" value={form.repName} onValue={set('repName')} autoComplete="name" data-testid="cs-settings-rep-name" />
        <TextArea label="Signature" value={form.signature} onValue={set('signature')} rows={3} data-testid="cs-settings-signature" />
      </Section>

      <Section title="Your voice">
        <VoiceSettings view={view} />
      </Section>

      <div className="space-y-3">
        <ErrorNote testId="cs-settings-error">{problem}</ErrorNote>
        {saved && (
          <Notice tone="success" testId="cs-settings-saved">
            {saved}
          </Notice>
        )}
        <Button variant="primary" onClick={onSave} busy={save.isPending} data-testid="cs-settings-save">
          Save settings
        </Button>
      </div>
    </div>
  );
}
