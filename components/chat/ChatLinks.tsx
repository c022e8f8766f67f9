import type { ChatLink } from '../../lib/db/schema';

/** Where a link goes: a thread opens in Gmail; a proposal or record switches the side panel's tab (by its #hash). */
export function linkTarget(link: ChatLink): { href: string; external: boolean } {
  switch (link.kind) {
    case 'thread':
      return { href: `https://mail.google.com/mail/u/0/#all/${encodeURIComponent(link.id)}`, external: true };
    case 'approval':
      return { href: '#queue', external: false };
    case 'cleanup':
      return { href: '#cleanup', external: false };
    case 'sync':
      return { href: '#sync', external: false };
    case 'deal':
      return { href: '#pipeline', external: false };
    case 'audit':
      return { href: '#audit', external: false };
    case 'lead':
      return { href: '#today', external: false };
  }
}

const PROPOSAL_TEXT: Partial<Record<ChatLink['kind'], string>> = {
  approval: 'Draft queued for your approval → Queue',
  cleanup: 'Cleanup proposed for your approval → CRM',
  sync: 'CRM sync proposed for your approval → CRM',
};


/** Sources a chat answer cites (from this turn's tool results) and the proposals it made. */
export function ChatLinks({ sources, proposals }: { sources: ChatLink[]; proposals: ChatLink[] }) {
  if (sources.length === 0 && proposals.length === 0) return null;
  return (
    <div className="mt-2 space-y-1 text-xs">
      {proposals.map((p) => {
        const t = linkTarget(p);
        return (
          <a key={`${p.kind}:${p.id}`} href={t.href} {...(t.external ? { target: '_blank', rel: 'noreferrer noopener' } : {})} data-testid="cs-chat-proposal" data-kind={p.kind} data-id={p.id} className="block font-medium text-emerald-800 underline">
            {PROPOSAL_TEXT[p.kind] ?? 'Proposal'}: <span className="font-normal">{p.label}</span>
          </a>
        );
      })}
      {sources.length > 0 && (
        <ul aria-label="Sources" className="flex flex-wrap gap-1">
          {sources.map((s) => {
            const t = linkTarget(s);
            return (
              <li key={`${s.kind}:${s.id}`}>
                <a
                  href={t.href}
                  {...(t.external ? { target: '_blank', rel: 'noreferrer noopener' } : {})}
                  data-testid="cs-chat-source"
                  data-kind={s.kind}
                  data-id={s.id}
                  className="inline-block rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 underline-offset-2 hover:underline"
                >
                  <span className="text-slate-500">{s.kind}:</span> {s.label}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
