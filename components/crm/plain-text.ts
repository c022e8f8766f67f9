/**
 * Note bodies can be HTML (HubSpot's hs_note_body). We show text only: parsed in an inert
 * document (no scripts run, nothing loads) and read back as textContent, never inserted as HTML.
 */
export function plainText(body: string): string {
  const text = /<[a-z!/]/i.test(body) ? (new DOMParser().parseFromString(body, 'text/html').body.textContent ?? '') : body;
  return text.replace(/\s+/g, ' ').trim();
}

export const excerpt = (text: string, max = 240): string => (text.length > max ? `${text.slice(0, max)}…` : text);
