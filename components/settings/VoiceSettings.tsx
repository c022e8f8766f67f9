import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../lib/protocol/client';
import type { SettingsView } from '../../lib/settings/schema';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Notice } from '../ui/Notice';

/** At most this many examples: a few show a voice; more only lengthen every prompt. */
export const MAX_VOICE = 5;

/**
 * "Your voice": a few of the rep's own sent emails (from the local Gmail cache) that Herald's
 * drafts follow for tone and length. Only their ids are kept in settings; the text stays in the
 * extension's database.
 */
export function VoiceSettings({ view }: { view: SettingsView }) {
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(() => view.rep.voiceMessageIds);
  const [saved, setSaved] = useState(false);
  const candidates = useQuery({ queryKey: ['voice', 'candidates'], queryFn: () => request({ type: 'voice.candidates' }) });
  const save = useMutation({
    mutationFn: (ids: string[]) => request({ type: 'settings.update', patch: { rep: { voiceMessageIds: ids } } }),
    onSuccess: (next) => {
      qc.setQueryData(keys.settings, next);
      setSaved(true);
    },
  });
  const toggle = (id: string, on: boolean) => {
    setSaved(false);
    setChosen((c) => (on ? [...c, id].slice(0, MAX_VOICE) : c.filter((x) => x !== id)));
  };

  const list = candidates.data ?? [];
  return (
    <div className="space-y-2" data-testid="cs-voice">
      <p className="text-xs text-slate-500">
        Pick up to {MAX_VOICE} emails you wrote. Herald copies their tone and length, never their facts. Chosen: {chosen.length}.
      </p>
      {candidates.isSuccess && list.length === 0 && <p className="text-xs text-slate-500">No sent emails cached yet: open a few threads you replied to in Gmail.</p>}
      <ul className="max-h-64 space-y-1 overflow-y-auto">
        {list.map((m) => {
          const on = chosen.includes(m.id);
          return (
            <li key={m.id}>
              <label className="flex gap-2 rounded border border-slate-200 px-2 py-1 text-xs">
                <input type="checkbox" checked={on} disabled={!on && chosen.length >= MAX_VOICE} onChange={(e) => toggle(m.id, e.target.checked)} data-testid="cs-voice-option" data-id={m.id} />
                <span className="min-w-0">
                  <span className="font-medium text-slate-800">{m.subject || '(no subject)'}</span> <span className="text-slate-500">to {m.to}</span>
                  <span className="block truncate text-slate-500">{m.excerpt}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <ErrorNote>{candidates.isError ? errorMessage(candidates.error) : save.isError ? errorMessage(save.error) : null}</ErrorNote>
      {saved && <Notice tone="success" testId="cs-voice-saved">Your voice is saved.</Notice>}
      <Button size="sm" variant="secondary" onClick={() => save.mutate(chosen)} busy={save.isPending} data-testid="cs-voice-save">
        Save voice
      </Button>
    </div>
  );
}
