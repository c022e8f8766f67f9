import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { formatWarmUp } from '../components/ui/format';
import { createPanelHost } from './gmail.content/panel-host';
import { PANEL_GLOBAL, type PanelModule } from './gmail.content/lazy-panel';

/**
 * The Gmail panel's React half, loaded by the content script (dynamic import, same isolated world)
 * only when a thread first needs a panel: the always-on content script stays small, so Gmail's
 * page load never pays for evaluating React.
 */
export default defineUnlistedScript(() => {
  (globalThis as unknown as Record<typeof PANEL_GLOBAL, PanelModule | undefined>)[PANEL_GLOBAL] = { createPanelHost, warmUp: formatWarmUp };
});
