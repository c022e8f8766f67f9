import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ApprovalQueue } from '../../components/approvals/ApprovalQueue';
import { AgentMap } from '../../components/agents/AgentMap';
import { AuditLog } from '../../components/audit/AuditLog';
import { ChatView } from '../../components/chat/ChatView';
import { CommandPalette, usePaletteShortcut } from '../../components/chat/CommandPalette';
import { ContractView } from '../../components/contract/ContractView';
import { SequencesView } from '../../components/herald/sequences/SequencesView';
import { CRM_SUBS, CrmView, type CrmSub } from '../../components/cipher/CrmView';
import { OperatorView } from '../../components/operator/OperatorView';
import { keys } from '../../components/query-client';
import { TodayView } from '../../components/scout/today/TodayView';
import { SettingsForm } from '../../components/settings/SettingsForm';
import { Logo } from '../../components/ui/Logo';
import { TabPanel, Tabs, type TabItem } from '../../components/ui/Tabs';
import { trusted } from '../../components/ui/trusted';
import { request } from '../../lib/protocol/client';

type Tab = 'queue' | 'chat' | 'today' | 'sequences' | 'crm' | 'operator' | 'agents' | 'audit' | 'settings';
const TABS: readonly Tab[] = ['queue', 'chat', 'today', 'sequences', 'crm', 'operator', 'agents', 'audit', 'settings'];

/** `#sequences`, or a CRM sub-view directly (`#sync`, `#pipeline`, `#cleanup`). */
const fromHash = (): { tab: Tab; sub: CrmSub } => {
  const h = location.hash.slice(1);
  if ((CRM_SUBS as readonly string[]).includes(h)) return { tab: 'crm', sub: h as CrmSub };
  return { tab: (TABS as readonly string[]).includes(h) ? (h as Tab) : 'queue', sub: 'sync' };
};

/** The approval panel: the only place a human approves, denies or edits what goes out. */
export function App() {
  const [tab, setTab] = useState<Tab>(() => fromHash().tab);
  const [crmSub, setCrmSub] = useState<CrmSub>(() => fromHash().sub);
  const status = useQuery({ queryKey: keys.status, queryFn: () => request({ type: 'status.get' }), refetchInterval: 3000 });
  const pending = status.data?.pending ?? 0;
  const alerts = status.data?.alerts;

  useEffect(() => {
    history.replaceState(null, '', `#${tab === 'crm' ? crmSub : tab}`);
  }, [tab, crmSub]);
  // Links in the chat (a queued draft, a cleanup) switch tabs by #hash.
  useEffect(() => {
    const onHash = () => {
      const next = fromHash();
      setTab(next.tab);
      if (next.tab === 'crm') setCrmSub(next.sub);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [palette, setPalette] = useState(false);
  usePaletteShortcut(useCallback(() => setPalette(true), []));

  const items: TabItem<Tab>[] = [
    {
      key: 'queue',
      label: (
        <>
          Queue
          {pending > 0 && <span className="rounded-full bg-amber-500 px-1.5 text-[11px] leading-4 font-semibold text-white tabular-nums">{pending}</span>}
        </>
      ),
    },
    { key: 'chat', label: 'Chat' },
    { key: 'today', label: 'Today' },
    { key: 'sequences', label: 'Sequences' },
    { key: 'crm', label: 'CRM' },
    {
      key: 'operator',
      label: (
        <>
          Operator
          {alerts && alerts.open > 0 && (
            <span className="rounded-full bg-rose-700 px-1.5 text-[11px] leading-4 font-semibold text-white tabular-nums">
              {alerts.open}
              <span className="sr-only"> open alerts</span>
            </span>
          )}
        </>
      ),
    },
    { key: 'agents', label: 'Agents' },
    { key: 'audit', label: 'Audit log' },
    { key: 'settings', label: 'Settings' },
  ];

  return (
    <div className="mx-auto min-h-screen max-w-2xl">
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/95 px-3 pt-3 backdrop-blur">
        <div className="flex items-center gap-2 pb-1">
          <Logo />
          <h1 className="text-base font-semibold tracking-tight text-slate-900">Countersign</h1>
          <span className="text-xs text-slate-500">approvals</span>
        </div>
        {status.data && status.data.degradedHooks.length > 0 && (
          <p role="status" data-testid="cs-status-degraded" className="mb-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
            Gmail adapter degraded: {status.data.degradedHooks.join(', ')}
          </p>
        )}
        {alerts?.held && (
          <p role="alert" data-testid="cs-status-held" className="mb-1 flex items-center justify-between gap-2 rounded bg-rose-50 px-2 py-1 text-xs font-medium text-rose-900">
            Sending is held: nothing goes out until the hold lifts.
            {tab !== 'operator' && (
              <button type="button" onClick={trusted(() => setTab('operator'))} className="shrink-0 font-semibold text-rose-900 underline" data-testid="cs-status-held-open">
                See why
              </button>
            )}
          </p>
        )}
        <Tabs items={items} value={tab} onChange={setTab} />
      </header>
      <main className="px-3 py-4">
        <TabPanel id={tab}>
          {tab === 'queue' && <ApprovalQueue />}
          {tab === 'chat' && <ChatView />}
          {tab === 'today' && <TodayView />}
          {tab === 'sequences' && <SequencesView />}
          {tab === 'crm' && <CrmView sub={crmSub} onSub={setCrmSub} />}
          {tab === 'operator' && <OperatorView />}
          {tab === 'agents' && <AgentMap />}
          {tab === 'audit' && <AuditLog />}
          {tab === 'settings' && (
            <div className="space-y-6">
              <SettingsForm />
              <ContractView />
            </div>
          )}
        </TabPanel>
      </main>
      <CommandPalette open={palette} onClose={() => setPalette(false)} />
    </div>
  );
}
