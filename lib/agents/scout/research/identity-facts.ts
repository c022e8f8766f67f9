import type { CrmCompany } from '../../../crm/model';
import type { DecodedMessage } from '../../../mail/thread';
import { domainOf, hostOf, isFreeMailDomain, sameSite } from './domain';
import { clip, type FactDraft } from './model';
import { leadSignature, type LeadSignature, type SignatureField } from './signature';

function signatureFacts(sig: LeadSignature): FactDraft[] {
  const where = sig.foundIn === 'signature' ? 'signature' : 'sign-off';
  const fact = (label: string, field: SignatureField): FactDraft => ({
    text: `${label} in the lead's ${where}: ${clip(field.value, 200)}.`,
    evidence: { source: 'signature', ref: sig.messageId, quote: clip(field.line, 500) },
  });
  const facts: FactDraft[] = [];
  if (sig.name) facts.push(fact('Name', sig.name));
  if (sig.title) facts.push(fact('Title', sig.title));
  if (sig.company) facts.push(fact('Company', sig.company));
  for (const phone of sig.phones.slice(0, 3)) facts.push(fact('Phone', phone));
  if (sig.website) facts.push(fact('Website', sig.website));
  if (sig.linkedin) facts.push(fact('LinkedIn', sig.linkedin));
  if (sig.address.length) {
    const lines = sig.address.slice(0, 4).map((a) => a.line);
    facts.push({
      text: `Address in the lead's ${where}: ${clip(lines.join(', '), 300)}.`,
      evidence: { source: 'signature', ref: sig.messageId, quote: clip(lines.join(', '), 500) },
    });
  }
  return facts;
}

/**
 * Who the lead is, from the address and the signature: the company domain (or that the address
 * is a personal one), the signature's fields, and where the website or CRM disagree with the
 * address's domain.
 */
export function identityFacts(lead: { email: string; name?: string }, messages: readonly DecodedMessage[], company?: CrmCompany | null): FactDraft[] {
  const facts: FactDraft[] = [];
  const domain = domainOf(lead.email);
  const personal = domain !== '' && isFreeMailDomain(domain);
  if (domain) {
    facts.push({
      text: personal
        ? `${lead.email} is a personal address (${domain}, a free-mail provider): company unknown from the address.`
        : `${lead.email} is at the company domain ${domain}.`,
      evidence: { source: 'domain', ref: domain, quote: lead.email },
    });
  }

  const sig = leadSignature(messages, lead.email, lead.name);
  if (sig) facts.push(...signatureFacts(sig));

  const website = sig?.website ? hostOf(sig.website.value) : '';
  if (website && domain && !sameSite(website, domain)) {
    facts.push({
      text: personal
        ? `The signature's website ${website} suggests the company domain, as the address is a personal one.`
        : `The signature's website ${website} differs from the email domain ${domain}.`,
      evidence: { source: 'signature', ref: sig!.messageId, quote: clip(sig!.website!.line, 500) },
    });
  }

  const crmDomain = company?.domain ? hostOf(company.domain) : '';
  if (crmDomain && domain && !personal && !sameSite(crmDomain, domain)) {
    facts.push({
      text: `The CRM company's domain ${crmDomain} differs from the email domain ${domain}.`,
      evidence: { source: 'crm', ref: `company:${company!.id}.domain`, quote: crmDomain },
    });
  }
  return facts;
}
