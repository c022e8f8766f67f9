// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CrmRecordView } from '../../lib/protocol/responses';
import type { RecordPage } from '../../lib/sites/crm/record-url';
import { RecordPanel } from './RecordPanel';
import { shadowPanel } from '../../test/shadow-panel';

const request = vi.hoisted(() => vi.fn());
vi.mock('../../lib/protocol/client', () => ({ request }));
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const page: RecordPage = { crm: 'hubspot', type: 'deal', id: '9001', object: '0-3' };
const ok: CrmRecordView = {
  status: 'ok',
  ref: { crm: 'hubspot', type: 'deal', id: '9001' },
  title: 'Northwind: 40 seats',
  subtitle: '48,000 USD',
  record: { id: '9001', name: 'Northwind: 40 seats', amount: 48000, currency: 'USD', pipelineId: 'default', stageId: 'qualifiedtobuy', closeDate: null, ownerId: null, companyId: null, contactIds: [], updatedAt: null, properties: {} },
  stage: { pipeline: 'Sales Pipeline', stage: 'Qualified To Buy', pipelineId: 'default', stageId: 'qualifiedtobuy', stages: [{ id: 'qualifiedtobuy', label: 'Qualified To Buy' }, { id: 'presentationscheduled', label: 'Presentation Scheduled' }] },
  related: [{ type: 'company', id: '1001' }],
  notes: [{ id: 'n1', body: '<p>Call <img src="https://tracker.example/x.gif">booked</p>', createdAt: '2023-12-06T21:00:00Z', attachedTo: [] }],
  gmail: [{ threadId: '18c2f1a9b7e4d3c0', subject: 'Pricing for 40 seats', lastFrom: 'Dana Whitfield', lastDate: '2023-12-06T20:57:00Z', messages: 2 }],
};

const { root, inPanel } = shadowPanel('countersign-crm-panel');
let collapsed: boolean;

async function render(view: CrmRecordView | Error) {
  request.mockImplementation(async () => {
    if (view instanceof Error) throw view;
    return view;
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const draw = () =>
    root().render(
      <QueryClientProvider client={client}>
        <RecordPanel page={page} collapsed={collapsed} onCollapsedChange={(c) => ((collapsed = c), draw())} />
      </QueryClientProvider>,
    );
  await act(async () => draw());
  // Let the query resolve and React commit.
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

beforeEach(() => {
  request.mockReset();
  collapsed = false;
});


describe('RecordPanel', () => {
  it('asks the background for the record in the URL and shows title, stage, related, notes as text and Gmail threads', async () => {
    await render(ok);
    expect(request).toHaveBeenCalledWith({ type: 'crm.record', crm: 'hubspot', objectType: 'deal', id: '9001' });
    expect(inPanel('cs-crm-title')?.textContent).toBe('Northwind: 40 seats');
    expect(inPanel('cs-crm-subtitle')?.textContent).toBe('48,000 USD');
    expect(inPanel('cs-crm-stage')?.textContent).toContain('Qualified To Buy');
    expect(inPanel('cs-crm-related')?.textContent).toContain('company 1001');
    expect(inPanel('cs-crm-notes')?.textContent).toContain('Call booked');
    expect(inPanel('cs-crm-notes')?.querySelector('img')).toBeNull();
    expect(inPanel('cs-crm-gmail')?.textContent).toContain('Pricing for 40 seats');
    expect(inPanel('cs-crm-gmail')?.textContent).toContain('2 messages');
  });

  it('says which CRM to connect, and where, when it is not connected', async () => {
    await render({ status: 'not_connected', ref: ok.ref, message: 'Connect HubSpot in Countersign settings to see this record.' });
    expect(inPanel('cs-crm-title')?.textContent).toBe('HubSpot deal 9001');
    expect(inPanel('cs-crm-subtitle')?.textContent).toBe('Not connected');
    expect(inPanel('cs-crm-not-connected')?.textContent).toContain('Connect HubSpot in Countersign settings');
    expect(inPanel('cs-crm-not-connected')?.textContent).toContain('settings');
  });

  it("shows the background's error in cs-error", async () => {
    await render(new Error('HubSpot is rate limiting Countersign: try again in a minute.'));
    expect(inPanel('cs-error')?.textContent).toBe('HubSpot is rate limiting Countersign: try again in a minute.');
  });

  it('collapses on a real click only; a click synthesised by a page script does nothing', async () => {
    await render(ok);
    await act(async () => inPanel('cs-crm-collapse')?.click());
    expect(inPanel('cs-crm-panel')?.dataset.state).toBe('open');
    collapsed = true;
    await render(ok);
    expect(inPanel('cs-crm-panel')?.dataset.state).toBe('collapsed');
    expect(inPanel('cs-crm-title')).toBeNull();
  });
});
