/** Where a proposed field value came from (an email signature, the address's domain, Scout's score…). */
export interface FieldSource {
  field: string;
  source: 'thread' | 'signature' | 'domain' | 'score' | 'approved_email';
  /** The words it was read from (a signature line, a domain), for the approver to check. */
  evidence: string;
  messageId?: string;
  threadId?: string;
}
