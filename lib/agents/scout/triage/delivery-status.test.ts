import { describe, expect, it } from 'vitest';
import { addressOfField, parseDeliveryStatus } from './delivery-status';

// CONSTRUCTED message/delivery-status bodies, written to exercise the field grammar.
describe('parseDeliveryStatus', () => {
  it('reads each recipient block: addresses without their type, action, status without its comment, diagnostic without "smtp;"', () => {
    const dsn = [
      'Reporting-MTA: dns; mx.countersign.example',
      '',
      'Final-Recipient: rfc822; <gone@northwind.example>',
      'Original-Recipient: rfc822;gone@northwind.example',
      'Action: failed',
      'Status: 5.1.1 (user unknown)',
      'Diagnostic-Code: smtp; 550 5.1.1 <gone@northwind.example>:',
      '    Recipient address rejected: User unknown',
      '',
      'Final-Recipient: rfc822; full@northwind.example',
      'Action: delayed',
      'Status: 4.2.2',
    ].join('\r\n');
    expect(parseDeliveryStatus(dsn)).toEqual([
      {
        finalRecipient: 'gone@northwind.example',
        originalRecipient: 'gone@northwind.example',
        action: 'failed',
        status: '5.1.1',
        statusComment: 'user unknown',
        diagnosticCode: '550 5.1.1 <gone@northwind.example>: Recipient address rejected: User unknown',
      },
      { finalRecipient: 'full@northwind.example', originalRecipient: null, action: 'delayed', status: '4.2.2', statusComment: null, diagnosticCode: null },
    ]);
  });

  it('splits recipients that are not separated by blank lines at the repeated field', () => {
    const dsn = 'Final-Recipient: rfc822;a@x.example\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822;b@x.example\nAction: failed\nStatus: 5.1.1\n';
    expect(parseDeliveryStatus(dsn).map((r) => [r.finalRecipient, r.status])).toEqual([
      ['a@x.example', '5.2.2'],
      ['b@x.example', '5.1.1'],
    ]);
  });

  it('finds no recipients in text without DSN fields', () => {
    expect(parseDeliveryStatus('Hi Sam,\n\nStatus: we are reviewing the proposal.\n')).toEqual([]);
  });
});

describe('addressOfField', () => {
  it.each([
    ['rfc822; jane@x.example', 'jane@x.example'],
    ['RFC822;<jane@x.example>', 'jane@x.example'],
    ['rfc/822;jane@x.example', 'jane@x.example'],
    ['utf-8; jäne@x.example', 'jäne@x.example'],
    ['rfc822; not an address', null],
  ])('%s → %s', (field, address) => {
    expect(addressOfField(field)).toBe(address);
  });
});
