/** One recipient block of an RFC 3464 delivery status notification. */
export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** failed, delayed, delivered, relayed, expanded (lowercase). */
  action: string | null;
  /** RFC 3463 enhanced status ("5.1.1"), without its comment. */
  status: string | null;
  /** The remote server's words, without the "smtp;" type. */
  diagnosticCode: string | null;
  /** The Status field's comment, where a server wrote one ("5.0.0 (User unknown)"). */
  statusComment: string | null;
}

const RECIPIENT_FIELDS = new Set(['final-recipient', 'original-recipient', 'action', 'status', 'diagnostic-code', 'x-actual-recipient']);

/** "5.1.1", "4.4.7", "5.7.509": the classes RFC 3463 defines are 2, 4 and 5. */
export const ENHANCED_STATUS = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/;

/** "rfc822; <Jane@Example.com>" → "Jane@Example.com"; null when no address is left. */
export function addressOfField(value: string): string | null {
  const typed = /^\s*[\w/.-]+\s*;\s*(.*)$/.exec(value);
  const bare = (typed?.[1] ?? value).trim().replace(/^<|>$/g, '').trim();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(bare) ? bare : null;
}

function stripType(value: string): string {
  return value.replace(/^\s*(?:smtp|x-[\w-]+|utf-8|rfc822)\s*;\s*/i, '').trim();
}

function emptyRecipient(): DsnRecipient {
  return { finalRecipient: null, originalRecipient: null, action: null, status: null, diagnosticCode: null, statusComment: null };
}

function isEmpty(r: DsnRecipient): boolean {
  return Object.values(r).every((v) => v === null);
}

function setField(r: DsnRecipient, key: string, value: string): void {
  switch (key) {
    case 'final-recipient':
    case 'x-actual-recipient':
      r.finalRecipient ??= addressOfField(value);
      return;
    case 'original-recipient':
      r.originalRecipient = addressOfField(value);
      return;
    case 'action':
      r.action = value.trim().toLowerCase().split(/[\s(;]/)[0] ?? null;
      return;
    case 'status': {
      const status = ENHANCED_STATUS.exec(value);
      r.status = status ? status[0] : null;
      r.statusComment = /\(([^)]+)\)/.exec(value)?.[1]?.trim() ?? null;
      return;
    }
    case 'diagnostic-code':
      r.diagnosticCode = stripType(value) || null;
      return;
  }
}

/** Whether a field of this name already has a value, so the same name again opens a new block. */
function holds(r: DsnRecipient, key: string): boolean {
  switch (key) {
    case 'final-recipient':
      return r.finalRecipient !== null;
    case 'original-recipient':
      return r.originalRecipient !== null;
    case 'action':
      return r.action !== null;
    case 'status':
      return r.status !== null;
    case 'diagnostic-code':
      return r.diagnosticCode !== null;
    default:
      return false;
  }
}

/**
 * The recipient blocks of a delivery status report. Reads a message/delivery-status part, and
 * equally the same fields written into a plain-text bounce: blocks are separated by blank lines
 * or by a field that repeats.
 */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const recipients: DsnRecipient[] = [];
  let current = emptyRecipient();
  let lastKey: string | null = null;
  const close = () => {
    if (!isEmpty(current)) recipients.push(current);
    current = emptyRecipient();
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      close();
      lastKey = null;
      continue;
    }
    const field = /^([A-Za-z][\w-]*)\s*:\s?(.*)$/.exec(line);
    const key = field?.[1]?.toLowerCase();
    if (!field || !key || !RECIPIENT_FIELDS.has(key)) {
      // A folded line continues the field above it (long Diagnostic-Codes are folded).
      if (/^[ \t]/.test(line) && lastKey === 'diagnostic-code' && current.diagnosticCode !== null) current.diagnosticCode += ` ${line.trim()}`;
      else if (!/^[ \t]/.test(line)) lastKey = null;
      continue;
    }
    if (holds(current, key)) close();
    let value = field[2] ?? '';
    while (/^[ \t]/.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').trim() !== '') value += ` ${(lines[++i] ?? '').trim()}`;
    setField(current, key, value);
    lastKey = key;
  }
  close();
  return recipients.filter((r) => r.finalRecipient !== null || r.originalRecipient !== null || r.action !== null || r.status !== null);
}

/** Actions that mean the message did not (yet) reach the recipient. */
export const isFailureAction = (action: string | null): boolean => action === 'failed' || action === 'delayed';
