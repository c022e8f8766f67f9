import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { RecordPanel } from '../../components/crm/RecordPanel';
import { createQueryClient } from '../../components/query-client';
import type { RecordPage } from '../../lib/sites/crm/record-url';
import { dockStyle } from './layout';

/**
 * The one docked panel (<countersign-crm-panel>, shadow root) on a CRM page. show() replaces the
 * record it shows; hide() removes the host. Collapsing is kept across records in this tab.
 */
export type Dock = Awaited<ReturnType<typeof createDock>>;

export async function createDock(ctx: ContentScriptContext) {
  const queries = createQueryClient();
  let collapsed = false;
  let page: RecordPage | null = null;

  const ui = await createShadowRootUi<Root>(ctx, {
    name: 'countersign-crm-panel',
    position: 'inline',
    mode: 'open',
    // Keys typed in the panel must not reach the CRM's keyboard shortcuts.
    isolateEvents: true,
    anchor: () => document.body,
    append: 'last',
    onMount: (container) => createRoot(container),
    onRemove: (root) => root?.unmount(),
  });

  const render = () => {
    if (!page || !ui.mounted) return;
    ui.shadow.querySelector('html')?.setAttribute('style', dockStyle(page.crm));
    ui.uiContainer.setAttribute('style', 'height:100%;margin:0;');
    ui.mounted.render(
      <QueryClientProvider client={queries}>
        <RecordPanel key={`${page.crm}:${page.type}:${page.id}`} page={page} collapsed={collapsed} onCollapsedChange={toggle} />
      </QueryClientProvider>,
    );
  };
  const toggle = (next: boolean) => {
    collapsed = next;
    render();
  };

  // A CRM that re-renders <body> can drop our host: put it back (cheap: one isConnected read).
  ctx.setInterval(() => {
    if (page && ui.mounted && !ui.shadowHost.isConnected) document.body.append(ui.shadowHost);
  }, 2000);

  return {
    show(next: RecordPage) {
      page = next;
      if (!ui.mounted) ui.mount();
      render();
    },
    hide() {
      page = null;
      if (ui.mounted) ui.remove();
    },
  };
}
