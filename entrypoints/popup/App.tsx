import { useEffect, useState, type MouseEvent } from 'react';
import { browser } from 'wxt/browser';
import { SettingsForm } from '../../components/settings/SettingsForm';
import { PopupToggles } from '../../components/status/QuickToggles';
import { StatusSummary } from '../../components/status/StatusSummary';
import { Button } from '../../components/ui/Button';
import { ErrorNote, errorMessage } from '../../components/ui/ErrorNote';
import { Logo } from '../../components/ui/Logo';
import { trusted } from '../../components/ui/trusted';
import { hasSidePanel, openPanelInTab, openSidePanel, type PanelView } from './open-panel';

/** Status at a glance, quick toggles (hold, checks), the way to the approval panel and operator view, and settings. */
export function App() {
  const [windowId, setWindowId] = useState<number | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    browser.windows.getCurrent().then(
      (w) => setWindowId(w.id),
      () => setWindowId(undefined),
    );
  }, []);

  const openPanel = (view: PanelView) => () => {
    setProblem(null);
    openSidePanel(windowId, view).then(
      () => window.close(),
      (e: unknown) => setProblem(`Could not open the side panel (${errorMessage(e)}). Use "open in a tab" instead.`),
    );
  };
  const openTab = (view: PanelView) =>
    trusted((e: MouseEvent<HTMLAnchorElement>) => {
      e.preventDefault();
      openPanelInTab(view).then(
        () => window.close(),
        (err: unknown) => setProblem(`Could not open a tab: ${errorMessage(err)}`),
      );
    });

  return (
    <div className="space-y-5 p-4">
      <header className="flex items-center gap-2">
        <Logo />
        <h1 className="text-base font-semibold tracking-tight">Countersign</h1>
      </header>

      <StatusSummary />
      <PopupToggles />

      <div className="space-y-1.5">
        <div className="flex items-center gap-3">
          {hasSidePanel() && (
            <Button variant="primary" onClick={openPanel(null)} data-testid="cs-open-panel">
              Open approval panel
            </Button>
          )}
          <a href={browser.runtime.getURL('/sidepanel.html')} onClick={openTab(null)} data-testid="cs-open-panel-tab" className="text-sm font-medium text-indigo-700 hover:underline">
            {hasSidePanel() ? 'open in a tab' : 'Open approval panel in a tab'}
          </a>
        </div>
        <div className="flex items-center gap-3">
          {hasSidePanel() && (
            <Button variant="secondary" onClick={openPanel('operator')} data-testid="cs-open-operator">
              Open operator view
            </Button>
          )}
          <a
            href={browser.runtime.getURL('/sidepanel.html#operator')}
            onClick={openTab('operator')}
            data-testid="cs-open-operator-tab"
            className="text-sm font-medium text-indigo-700 hover:underline"
            title={hasSidePanel() ? 'Open the operator view in a tab' : undefined}
          >
            {hasSidePanel() ? 'open in a tab' : 'Open operator view in a tab'}
          </a>
        </div>
        <ErrorNote>{problem}</ErrorNote>
      </div>

      <div className="border-t border-slate-200 pt-4">
        <SettingsForm />
      </div>
    </div>
  );
}
