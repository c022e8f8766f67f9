import type { RecordPage } from '../../lib/sites/crm/record-url';

/**
 * Where the docked panel starts, below each CRM's own top navigation. Fixed numbers, not measured
 * from the page: we never depend on a CRM's markup. They cover HubSpot's global nav bar, the
 * Salesforce Lightning global header plus app navigation bar, and Pipedrive's top bar.
 */
export const DOCK_TOP_PX: Record<RecordPage['crm'], number> = { hubspot: 64, salesforce: 96, pipedrive: 56 };

/** Style of the shadow root's <html>: a click-through box on the right edge; the panel inside takes clicks. */
export const dockStyle = (crm: RecordPage['crm']): string =>
  `position:fixed;top:${DOCK_TOP_PX[crm]}px;right:0;bottom:0;z-index:2147483000;display:block;pointer-events:none;margin:0;`;
