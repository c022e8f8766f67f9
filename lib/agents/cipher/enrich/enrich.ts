import type { CrmCompany, CrmContact, RecordPatch } from '../../../crm/model';
import type { DecodedMessage } from '../../../mail/thread';
import { domainOf, isFreeMailDomain } from '../../scout/research/domain';
import { leadSignature, type SignatureField } from '../../scout/research/signature';
import type { FieldSource } from '../sync/provenance';
import { isSoftwareMailbox, splitPersonName, type PersonName } from './names';
import { cleanEvidence, cleanText, linkedinProfileUrl, plainLabel, plainPhone, websiteUrl } from './values';

/** Contact properties enrichment may set, beside the modelled fields. */
export const ENRICHED_PROPERTIES = ['linkedin_url', 'website'] as const;

/** What the rep's own mail says about one contact, each field with where it was read. */
export interface ContactEnrichment {
  /** Lower-case, trimmed. */
  email: string;
  /** email, firstName, lastName, title, phone and properties.linkedin_url / properties.website, each only when found. */
  contact: RecordPatch<'contact'>;
  /** The company of a corporate address; null for free-mail and unusable domains. */
  company: { domain: string; name: string | null } | null;
  /** One per field set: 'firstName', 'properties.website', 'company.domain', 'company.name'… */
  sources: FieldSource[];
}

export interface EnrichInput {
  email: string;
  /** The contact's display name when the caller has one (the From header it is enriching from). */
  displayName?: string | null;
  /** Messages of one or more threads; only those sent from `email` are read. */
  messages: readonly DecodedMessage[];
}

/** Mail-only domains that name no organisation. */
const NO_COMPANY_TLD = /\.(?:invalid|localhost|local|test)$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

const byNewest = (a: DecodedMessage, b: DecodedMessage) => (Date.parse(b.date) || 0) - (Date.parse(a.date) || 0);

/**
 * Enrichment from what the rep already has: the sender's own newest signature (Scout's parser) and
 * the address's domain. Pure: no DB, no network. A field that the mail does not plainly state is
 * absent; nothing is guessed (no company name from a domain, no name from an address).
 */
export function enrichContact(input: EnrichInput): ContactEnrichment {
  const email = input.email.trim().toLowerCase();
  const own = input.messages.filter((m) => m.from.email.trim().toLowerCase() === email).sort(byNewest);
  const contact: RecordPatch<'contact'> = {};
  const properties: Record<string, string> = {};
  const sources: FieldSource[] = [];
  const where = (m: DecodedMessage | undefined) => (m ? { messageId: m.id, threadId: m.threadId } : {});

  if (email.includes('@')) {
    contact.email = email;
    sources.push({ field: 'email', source: 'thread', evidence: cleanEvidence(email), ...where(own[0]) });
  }

  // The display name: the caller's, else the newest one the contact sent with.
  const display = cleanText(input.displayName ?? '') || own.map((m) => cleanText(m.from.name)).find(Boolean) || '';
  const displayMessage = display ? own.find((m) => cleanText(m.from.name) === display) : undefined;
  const found = leadSignature(own, email, display || undefined);
  // Mail systems have no signature: the last lines of a bounce are its help links.
  const sig = found && !isSoftwareMailbox(email) && !signedBySomeoneElse(display, found.name, email) ? found : null;
  const sigMessage = sig ? own.find((m) => m.id === sig.messageId) : undefined;
  const fromSignature = (field: string, f: SignatureField): FieldSource => ({ field, source: 'signature', evidence: cleanEvidence(f.line), ...where(sigMessage) });

  const name = chooseName(display, sig?.name ?? null, email);
  if (name) {
    const source = name.from === 'display' ? ({ source: 'thread', evidence: cleanEvidence(display), ...where(displayMessage) } as const) : fromSignature('', sig!.name!);
    contact.firstName = name.person.firstName;
    sources.push({ ...source, field: 'firstName' });
    if (name.person.lastName) {
      contact.lastName = name.person.lastName;
      sources.push({ ...source, field: 'lastName' });
    }
  }

  if (sig) {
    const title = sig.title && plainLabel(sig.title.value);
    if (title) {
      contact.title = title;
      sources.push(fromSignature('title', sig.title!));
    }
    const phone = sig.phones.map((p) => ({ value: plainPhone(p.value), field: p })).find((p) => p.value);
    if (phone) {
      contact.phone = phone.value!;
      sources.push(fromSignature('phone', phone.field));
    }
    const linkedin = sig.linkedin && linkedinProfileUrl(sig.linkedin.value);
    if (linkedin) {
      properties.linkedin_url = linkedin;
      sources.push(fromSignature('properties.linkedin_url', sig.linkedin!));
    }
    const website = sig.website && websiteUrl(sig.website.value);
    if (website) {
      properties.website = website;
      sources.push(fromSignature('properties.website', sig.website!));
    }
  }
  if (Object.keys(properties).length) contact.properties = properties;

  const domain = domainOf(email);
  let company: ContactEnrichment['company'] = null;
  if (DOMAIN.test(domain) && !isFreeMailDomain(domain) && !NO_COMPANY_TLD.test(domain)) {
    company = { domain, name: null };
    sources.push({ field: 'company.domain', source: 'domain', evidence: cleanEvidence(email) });
    // Only the signature names the company; a domain ("northwind-traders.com") is not a name.
    const companyName = sig?.company && plainLabel(sig.company.value);
    if (companyName) {
      company.name = companyName;
      sources.push(fromSignature('company.name', sig!.company!));
    }
  }

  return { email, contact, company, sources };
}

/**
 * A signature naming another person in full ("Mark Black" in mail from Dana: an assistant's, a
 * forwarded one) says nothing about the sender; none of its fields are used.
 */
function signedBySomeoneElse(display: string, sigName: SignatureField | null, email: string): boolean {
  const person = splitPersonName(display, email);
  const signer = sigName ? splitPersonName(sigName.value, email) : null;
  if (!person || !signer?.lastName) return false;
  const words = (p: PersonName) => `${p.firstName} ${p.lastName ?? ''}`.toLowerCase().split(/[\s.'’-]+/).filter((w) => w.length > 1);
  const mine = new Set(words(person));
  return !words(signer).some((w) => mine.has(w));
}

/**
 * The display name when it gives a full name; else the signature's name line when it gives one and
 * agrees with the display name's first name (or there is none); else whichever single name there is.
 */
function chooseName(display: string, sigName: SignatureField | null, email: string): { person: PersonName; from: 'display' | 'signature' } | null {
  const fromDisplay = display ? splitPersonName(display, email) : null;
  const fromSig = sigName ? splitPersonName(sigName.value, email) : null;
  if (fromDisplay?.lastName) return { person: fromDisplay, from: 'display' };
  if (fromSig?.lastName && (!fromDisplay || fromDisplay.firstName.toLowerCase() === fromSig.firstName.toLowerCase())) return { person: fromSig, from: 'signature' };
  if (fromDisplay) return { person: fromDisplay, from: 'display' };
  return fromSig ? { person: fromSig, from: 'signature' } : null;
}

const hasValue = (v: unknown) => v !== null && v !== undefined && String(v).trim() !== '';

/**
 * The part of an enrichment the CRM does not have yet, with the sources of just those fields.
 *
 * Rule: enrichment only fills blanks. A field (or property) the CRM record already holds a
 * non-blank value for is never in the patch, even when the mail says something else: the rep may
 * have typed it, and a signature is weaker evidence than a person's edit. With no record (null),
 * every enriched field is proposed. Company fields are not part of a contact patch (see
 * mergeCompanyEnrichment).
 */
export function mergeEnrichment(current: CrmContact | null, e: ContactEnrichment): { patch: RecordPatch<'contact'>; sources: FieldSource[] } {
  const patch: RecordPatch<'contact'> = {};
  const kept = new Set<string>();
  for (const field of ['email', 'firstName', 'lastName', 'title', 'phone'] as const) {
    const value = e.contact[field];
    if (!hasValue(value) || (current && hasValue(current[field]))) continue;
    patch[field] = value;
    kept.add(field);
  }
  const properties: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(e.contact.properties ?? {})) {
    if (!hasValue(value) || (current && hasValue(current.properties[key]))) continue;
    properties[key] = value;
    kept.add(`properties.${key}`);
  }
  if (Object.keys(properties).length) patch.properties = properties;
  return { patch, sources: e.sources.filter((s) => kept.has(s.field)) };
}

/** The same blanks-only rule for the contact's company: domain and name, only where the CRM has none. */
export function mergeCompanyEnrichment(current: CrmCompany | null, e: ContactEnrichment): { patch: RecordPatch<'company'>; sources: FieldSource[] } {
  const patch: RecordPatch<'company'> = {};
  const kept = new Set<string>();
  if (e.company) {
    for (const field of ['domain', 'name'] as const) {
      const value = e.company[field];
      if (!hasValue(value) || (current && hasValue(current[field]))) continue;
      patch[field] = value;
      kept.add(`company.${field}`);
    }
  }
  return { patch, sources: e.sources.filter((s) => kept.has(s.field)) };
}
