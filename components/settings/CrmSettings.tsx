import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { ConnectionTest } from '../crm/settings/ConnectionTest';
import { crmFormFrom, crmPatchFrom, type ActiveCrm, type CrmForm, type MappingRows, type RemoteCrm } from '../crm/settings/crm-form';
import { crmOriginsNeedingPermission } from '../crm/settings/crm-host';
import { LocalCsv } from '../crm/settings/LocalCsv';
import { MappingEditor } from '../crm/settings/MappingEditor';
import { SalesforceFields } from '../crm/settings/SalesforceFields';
import { SelectField } from '../crm/settings/SelectField';
import { TokenConnection } from '../crm/settings/TokenConnection';
import { CRM_LABEL } from '../crm/labels';
import { request } from '../../lib/protocol/client';
import type { SettingsPatch, SettingsView } from '../../lib/settings/schema';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextArea, TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Section';
import { TabPanel, Tabs } from '../ui/Tabs';

const CRMS: readonly ActiveCrm[] = ['local', 'hubspot', 'salesforce', 'pipedrive'];
const ACTIVE_OPTIONS = CRMS.map((c) => ({ value: c, label: c === 'local' ? 'Local CRM (in this browser)' : CRM_LABEL[c] }));
/** The sender policy lets only the approval panel import and export CSV. */
const inApprovalPanel = () => location.pathname === '/sidepanel.html';

/** The CRM section of settings: the system of record, each CRM's connection, mapping and test. */
export function CrmSettings({ view }: { view: SettingsView }) {
  const qc = useQueryClient();
  // Initialised once: background refetches must not overwrite what the user is typing.
  const [form, setForm] = useState<CrmForm>(() => crmFormFrom(view));
  const [tab, setTab] = useState<ActiveCrm>(view.crm.active);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = (change: (f: CrmForm) => CrmForm) => {
    setForm(change);
    setSaved(false);
  };
  const setMapping = (crm: RemoteCrm) => (mapping: MappingRows) => edit((f) => ({ ...f, [crm]: { ...f[crm], mapping } }));

  const save = useMutation({
    mutationFn: (patch: SettingsPatch) => request({ type: 'settings.update', patch }),
    onSuccess: (next) => {
      qc.setQueryData(keys.settings, next);
      setForm(crmFormFrom(next));
      setSaved(true);
    },
    onError: (e) => setProblem(errorMessage(e)),
  });

  const onSave = () => {
    setProblem(null);
    setSaved(false);
    const built = crmPatchFrom(form);
    if (!built.ok) return setProblem(built.problem);
    const origins = crmOriginsNeedingPermission([form.hubspot.baseUrl, form.pipedrive.baseUrl, form.salesforce.loginUrl]);
    if (origins.length === 0) return save.mutate(built.patch);
    // Must be called synchronously inside the click: the browser only prompts during a user gesture.
    browser.permissions.request({ origins: origins.map((o) => `${o}/*`) }).then(
      (granted) => (granted ? save.mutate(built.patch) : setProblem(`Countersign was not allowed to reach ${origins.join(', ')}, so nothing was saved.`)),
      (e: unknown) => setProblem(`Could not ask for permission to reach ${origins.join(', ')}: ${errorMessage(e)}`),
    );
  };

  return (
    <Section title="CRM">
      <SelectField
        label="System of record"
        value={form.active}
        options={ACTIVE_OPTIONS}
        onValue={(active) => {
          edit((f) => ({ ...f, active }));
          setTab(active);
        }}
        hint="Countersign reads records from this CRM and proposes changes to it. The local CRM works with no account."
        data-testid="cs-crm-active"
      />
      <TextInput
        label="Your owner id in this CRM"
        value={form.ownerId}
        onValue={(ownerId) => edit((f) => ({ ...f, ownerId }))}
        hint="Your user id in the system of record (HubSpot owner id, Salesforce user id, Pipedrive user id). With it, Scout flags deals owned by someone else."
        maxLength={100}
        data-testid="cs-crm-owner"
      />
      <TextArea
        label="Never log to the CRM"
        value={form.neverLog}
        onValue={(neverLog) => edit((f) => ({ ...f, neverLog }))}
        hint="Addresses or domains, one per line (family, friends, your doctor). Cipher never proposes records, notes or enrichment for them."
        rows={3}
        data-testid="cs-crm-never-log"
      />
      <Tabs idPrefix="cs-crm-tab" items={CRMS.map((c) => ({ key: c, label: c === 'local' ? 'Local' : CRM_LABEL[c] }))} value={tab} onChange={setTab} />
      <TabPanel idPrefix="cs-crm-tab" id={tab}>
        <div className="space-y-4 pt-1">
          {tab === 'local' &&
            (inApprovalPanel() ? <LocalCsv /> : <p className="text-xs text-slate-500">Import and export CSV files in the approval panel's Settings tab.</p>)}
          {(tab === 'hubspot' || tab === 'pipedrive') && (
            <TokenConnection
              crm={tab}
              view={view}
              token={form[tab].token}
              baseUrl={form[tab].baseUrl}
              onToken={(token) => edit((f) => ({ ...f, [tab]: { ...f[tab], token } }))}
              onBaseUrl={(baseUrl) => edit((f) => ({ ...f, [tab]: { ...f[tab], baseUrl } }))}
            />
          )}
          {tab === 'salesforce' && <SalesforceFields view={view} value={form.salesforce} onChange={(patch) => edit((f) => ({ ...f, salesforce: { ...f.salesforce, ...patch } }))} />}
          <ConnectionTest key={`test-${tab}`} crm={tab} />
          {tab !== 'local' && <MappingEditor key={`mapping-${tab}`} crm={tab} rows={form[tab].mapping} onChange={setMapping(tab)} />}
        </div>
      </TabPanel>
      <div className="space-y-3">
        <ErrorNote testId="cs-crm-error">{problem}</ErrorNote>
        {saved && (
          <Notice tone="success" testId="cs-crm-saved">
            CRM settings saved.
          </Notice>
        )}
        <Button variant="primary" onClick={onSave} busy={save.isPending} data-testid="cs-crm-save">
          Save CRM settings
        </Button>
      </div>
    </Section>
  );
}
