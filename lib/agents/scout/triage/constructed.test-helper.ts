// CONSTRUCTED messages for focused unit tests: written here by hand, not real mail. Real mail
// comes only from ../shared/fixtures/emails (corpus.test-helper.ts).

export interface ConstructedMessage {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  date?: string;
  messageId?: string;
  /** Extra header lines, "Name: value". */
  headers?: readonly string[];
  body: string;
}

/** A minimal RFC 5322 text/plain message (UTF-8, 8bit), CRLF line ends. */
export function constructed(m: ConstructedMessage): string {
  const lines = [
    `From: ${m.from ?? 'Dana Whitfield <dana@northwind-logistics.example>'}`,
    `To: ${m.to ?? 'Sam Rep <sam.rep@countersign.example>'}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject ?? 'Re: Pricing for 40 seats'}`,
    `Date: ${m.date ?? 'Wed, 19 Nov 2025 10:00:00 +0100'}`,
    `Message-ID: ${m.messageId ?? '<constructed-1@northwind-logistics.example>'}`,
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${m.body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** A constructed out-of-office reply (Outlook style: Automatic reply subject, X-Auto-Response-Suppress). */
export const constructedAutoReply = (body: string, over: Partial<ConstructedMessage> = {}): string =>
  constructed({ subject: 'Automatic reply: Pricing for 40 seats', headers: ['Auto-Submitted: auto-replied'], body, ...over });
