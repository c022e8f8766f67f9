import type { RemoteAdapterFactory } from './crm';

/**
 * Adapters for connected CRMs. HubSpot, Salesforce and Pipedrive adapters are wired here as
 * they land; until then those CRMs report "not connected" rather than pretending.
 */
export const remoteCrmAdapter: RemoteAdapterFactory = async () => null;
