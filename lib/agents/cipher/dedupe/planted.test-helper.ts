/**
 * A seeded contact list with planted duplicates of each kind and realistic near-misses, for the
 * precision/recall test and the bench. Every record knows the person it stands for, so the truth
 * is exact: two records are duplicates when, and only when, they share a person.
 */
import type { DedupeContact, DuplicateCluster } from './find-duplicates';
import { random } from '../../../../test/random';

export type PlantedKind = 'exact_email' | 'normalised_email' | 'phone' | 'name_company';
export const PLANTED_KINDS: readonly PlantedKind[] = ['exact_email', 'normalised_email', 'phone', 'name_company'];

export interface PlantedDataset {
  contacts: DedupeContact[];
  /** Record id → the person it stands for. */
  personOf: Map<string, string>;
  /** Person → the kind of duplicate planted for them (only persons with duplicates). */
  plantedKind: Map<string, PlantedKind>;
  /** How many near-miss records (different people that look alike) were planted. */
  nearMisses: number;
}

// No two names here are near-twins (no Jon/John, Maria/Mario): the truth would be ambiguous.
const FIRST = [
  'Dana', 'Priya', 'Marcus', 'Elena', 'Thomas', 'Aisha', 'Lukas', 'Mei', 'Carlos', 'Ingrid', 'Omar', 'Sofia', 'Jonas', 'Ravi',
  'Claire', 'Kenji', 'Fatima', 'George', 'Hannah', 'Isaac', 'Julia', 'Kwame', 'Laura', 'Mateo', 'Nadia', 'Oliver', 'Paula',
  'Quentin', 'Rosa', 'Samuel', 'Tara', 'Valerie', 'Walter', 'Xavier', 'Yusuf', 'Zoe', 'Beatrice', 'Chidi', 'Diego', 'Emeka',
  'Freya', 'Gustavo', 'Helga', 'Ivan', 'Jasmine', 'Kofi', 'Leila', 'Magnus', 'Noor', 'Olga', 'Pedro', 'Rachel', 'Stefan',
  'Tomoko', 'Ursula', 'Victor', 'Wanda', 'Yara', 'Zain', 'José', 'Björn', 'Amélie',
];
const LAST = [
  'Reyes', 'Shah', 'Berg', 'Novak', 'Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Silva', 'Keller', 'Haddad', 'Walsh', 'Nguyen',
  'Kowalski', 'Fischer', 'Romano', 'Petrov', 'Adeyemi', 'Johansson', 'Castillo', 'Dubois', 'Yamamoto', 'Oconnell', 'Schmidt',
  'Bianchi', 'Horvat', 'Mensah', 'Kaur', 'Larsen', 'Morales', 'Ivanova', 'Brennan', 'Takahashi', 'Duarte', 'Vasquez', 'Wagner',
  'Sato', 'Kim', 'Park', 'Chen', 'Li', 'Wu', 'Garcia', 'Lopez', 'Martin', 'Bernard', 'Rossi', 'Ferrari', 'Costa',
  'Müller', 'Jensen', 'Nielsen', 'Hansen', 'Eriksson', 'Virtanen', 'Dvorak', 'Popescu', 'Papadopoulos', 'Yilmaz',
  'Demir', 'Levi', 'Mwangi', 'Otieno', 'Banda', 'Phiri', 'Singh', 'Patel', 'Iyer', 'Menon', 'Rahman', 'Hossain',
  'Alvarez', 'Ortega', 'Navarro', 'Delgado', 'Fuentes', 'Sandoval',
];
const ADJ = ['North', 'Blue', 'Iron', 'Bright', 'Silver', 'Red', 'Green', 'Swift', 'Grand', 'Stone', 'Harbor', 'Summit', 'Pioneer', 'Atlas', 'Cedar', 'Falcon', 'Granite', 'Lunar', 'Maple', 'Nova', 'Orbit', 'Prairie', 'Quartz', 'River', 'Solar', 'Tidal', 'Urban', 'Vertex', 'Willow', 'Zephyr'];
const NOUN = ['Logistics', 'Freight', 'Retail', 'Components', 'Shipping', 'Foods', 'Labs', 'Devices', 'Imports', 'Analytics', 'Systems', 'Health', 'Energy', 'Textiles', 'Robotics', 'Media', 'Capital', 'Farms', 'Motors', 'Software', 'Pharma', 'Outfitters', 'Builders', 'Metals'];
const LEGAL = ['', '', ' Inc.', ' LLC', ' GmbH', ' Ltd', ' Co.'];
const FREE = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.co.uk', 'icloud.com', 'web.de', 'proton.me'];

interface Company { id: string; name: string; domain: string; line: string }
interface Person { key: string; first: string; last: string; company: Company | null; email: string; phone: string | null; companyId: boolean }

export function plantedDataset(count = 20_000, seed = 7): PlantedDataset {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;

  const companyCount = Math.max(20, Math.min(ADJ.length * NOUN.length, Math.round(count / 30)));
  const companies: Company[] = [];
  const usedCompany = new Set<string>();
  while (companies.length < companyCount) {
    const name = `${pick(ADJ)} ${pick(NOUN)}`;
    if (usedCompany.has(name)) continue;
    usedCompany.add(name);
    const i = companies.length;
    companies.push({ id: `co-${i}`, name, domain: `${name.toLowerCase().replace(/\s+/g, '')}.com`, line: `${200 + (i % 700)}55${String(100000 + i).slice(-5)}` });
  }

  const usedPhones = new Set<string>();
  const newPhone = () => {
    for (;;) {
      const p = `${Math.floor(200 + rnd() * 700)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
      if (!usedPhones.has(p) && p.slice(3, 5) !== '55') {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const usedEmails = new Set<string>();
  const usedNameAtCompany = new Set<string>();
  const ascii = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const persons: Person[] = [];
  /** A person not yet in the list; with fixed first and last name at a company that has them, a random name. */
  const newPerson = (fixed: Partial<Pick<Person, 'first' | 'last' | 'company'>> = {}): Person => {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 20) fixed = { company: fixed.company };
      if (attempt === 200) fixed = {};
      const first = fixed.first ?? pick(FIRST);
      const last = fixed.last ?? pick(LAST);
      const company = fixed.company !== undefined ? fixed.company : chance(0.85) ? pick(companies) : null;
      const at = `${ascii(first)} ${ascii(last)}@${company?.id ?? 'none'}`;
      if (company && usedNameAtCompany.has(at)) continue;
      const local = pick([`${ascii(first)}.${ascii(last)}`, `${ascii(first)[0]}${ascii(last)}`, `${ascii(first)}`, `${ascii(first)}${ascii(last)}${Math.floor(rnd() * 90 + 10)}`]);
      const email = company && chance(0.8) ? `${local}@${company.domain}` : `${ascii(first)}.${ascii(last)}${Math.floor(rnd() * 9000 + 1000)}@${pick(FREE)}`;
      if (usedEmails.has(canonical(email))) continue;
      usedEmails.add(canonical(email));
      if (company) usedNameAtCompany.add(at);
      const p: Person = { key: `p${persons.length}`, first, last, company, email, phone: chance(0.7) ? newPhone() : null, companyId: chance(0.5) };
      persons.push(p);
      return p;
    }
  };

  const rows: { person: string; c: Omit<DedupeContact, 'id'> }[] = [];
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString();
  const record = (p: Person, over: Partial<Omit<DedupeContact, 'id'>> = {}) => {
    rows.push({
      person: p.key,
      c: {
        email: p.email,
        firstName: p.first,
        lastName: p.last,
        company: p.company ? p.company.name + pick(LEGAL) : null,
        companyId: p.company && p.companyId ? p.company.id : null,
        phone: p.phone ? formatPhone(p.phone, Math.floor(rnd() * 5)) : null,
        updatedAt: day(Math.floor(rnd() * 600)),
        ...over,
      },
    });
  };

  const plantedKind = new Map<string, PlantedKind>();
  let nearMisses = 0;
  const dupShare = 0.08; // persons with planted duplicates
  const missShare = 0.06; // records that are near-misses
  let k = 0;
  while (rows.length < count) {
    const roll = rnd();
    if (roll < dupShare) {
      const kind = PLANTED_KINDS[k++ % PLANTED_KINDS.length]!;
      const p = newPerson(kind === 'phone' ? {} : kind === 'name_company' ? { company: pick(companies) } : {});
      if (kind === 'phone' && !p.phone) p.phone = newPhone();
      // A CRM links a contact to its company record: the copy may carry only that link.
      if (kind === 'name_company') p.companyId = true;
      plantedKind.set(p.key, kind);
      record(p);
      const copies = chance(0.3) ? 2 : 1;
      for (let c = 0; c < copies && rows.length < count; c++) record(p, duplicateOf(p, kind, rnd));
    } else if (roll < dupShare + missShare) {
      nearMisses += nearMiss(rnd, pick, chance, newPerson, record, companies);
    } else {
      record(newPerson());
    }
  }
  rows.length = Math.min(rows.length, count);

  // Shuffle so duplicates are not neighbours, then number the records.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const width = String(rows.length).length;
  const personOf = new Map<string, string>();
  const contacts = rows.map((r, i) => {
    const id = `c${String(i + 1).padStart(width, '0')}`;
    personOf.set(id, r.person);
    return { id, ...r.c };
  });
  const records = new Map<string, number>();
  for (const p of personOf.values()) records.set(p, (records.get(p) ?? 0) + 1);
  for (const key of [...plantedKind.keys()]) if ((records.get(key) ?? 0) < 2) plantedKind.delete(key);
  return { contacts, personOf, plantedKind, nearMisses };
}

function canonical(email: string): string {
  const [local, domain] = email.toLowerCase().split('@') as [string, string];
  const bare = local.split('+')[0]!;
  return `${domain === 'gmail.com' ? bare.replace(/\./g, '') : bare}@${domain}`;
}

export function formatPhone(digits: string, style: number): string {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  return [`+1 (${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, `001${digits}`][style % 5]!;
}

/** A second record of the same person that only the planted kind of evidence connects. */
function duplicateOf(p: Person, kind: PlantedKind, rnd: () => number): Partial<Omit<DedupeContact, 'id'>> {
  const chance = (x: number) => rnd() < x;
  const updatedAt = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 600) * 86_400_000).toISOString();
  switch (kind) {
    case 'exact_email':
      return { email: p.email, firstName: chance(0.5) ? p.first : null, lastName: chance(0.5) ? p.last : null, company: null, companyId: null, phone: null, updatedAt };
    case 'normalised_email': {
      const [local, domain] = p.email.split('@') as [string, string];
      const variants = [
        ` ${p.email.toUpperCase()} `,
        `${local[0]!.toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`,
        `${local}+crm@${domain}`,
        ...(domain === 'gmail.com' ? [`${local.replace(/\./g, '')}@googlemail.com`, `${local.replace(/\./g, '').split('').join('.')}@gmail.com`] : []),
      ];
      return { email: variants[Math.floor(rnd() * variants.length)]!, firstName: chance(0.6) ? p.first : null, lastName: p.last, company: null, companyId: null, phone: null, updatedAt };
    }
    case 'phone':
      return {
        email: chance(0.5) ? null : `${p.first.toLowerCase()}.${Math.floor(rnd() * 1e6)}@proton.me`,
        firstName: chance(0.7) ? p.first : `${p.first[0]}.`,
        lastName: p.last,
        company: null,
        companyId: null,
        phone: formatPhone(p.phone!, Math.floor(rnd() * 5)),
        updatedAt,
      };
    case 'name_company': {
      const co = p.company!;
      // The copy shares the company through its name, its record id, or (when the original has one) a work address.
      const via = Math.floor(rnd() * (p.email.endsWith(`@${co.domain}`) ? 3 : 2));
      const typo = (s: string) => (s.length >= 5 ? misspell(s, rnd) : s);
      const names = Math.floor(rnd() * 4);
      const [firstName, lastName] =
        names === 0 ? [typo(p.first), p.last] : names === 1 ? [p.first, typo(p.last)] : names === 2 ? [p.last, p.first] : [p.first.toUpperCase(), p.last.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')];
      return {
        email: via === 2 ? `${p.first[0]!.toLowerCase()}.${p.last.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')}.old@${co.domain}` : null,
        firstName,
        lastName,
        company: via === 0 ? `The ${co.name.toUpperCase()}, Inc.` : null,
        companyId: via === 1 ? co.id : null,
        phone: null,
        updatedAt,
      };
    }
  }
}

/** One typo past the third letter: a transposition, a dropped or a doubled letter. */
function misspell(s: string, rnd: () => number): string {
  const i = 3 + Math.floor(rnd() * (s.length - 4));
  const kind = Math.floor(rnd() * 3);
  if (kind === 0) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + s[i] + s.slice(i);
}

/** Different people who look alike; returns how many records it added. */
function nearMiss(
  rnd: () => number,
  pick: <T>(xs: readonly T[]) => T,
  chance: (p: number) => boolean,
  newPerson: (fixed?: Partial<Pick<Person, 'first' | 'last' | 'company'>>) => Person,
  record: (p: Person, over?: Partial<Omit<DedupeContact, 'id'>>) => void,
  companies: Company[],
): number {
  const kind = Math.floor(rnd() * 6);
  const co = pick(companies);
  const a = newPerson({ company: co });
  const otherFirst = () => {
    for (;;) {
      const f = pick(FIRST);
      if (f[0] !== a.first[0]) return f;
    }
  };
  switch (kind) {
    case 0: { // same first name, same company
      record(a);
      record(newPerson({ first: a.first, company: co }));
      return 2;
    }
    case 1: { // same full name at another company
      record(a);
      const other = companies.find((c) => c !== co && rnd() < 0.1) ?? companies[(companies.indexOf(co) + 1) % companies.length]!;
      record(newPerson({ first: a.first, last: a.last, company: other }));
      return 2;
    }
    case 2: { // colleagues on the company's switchboard
      const n = 2 + Math.floor(rnd() * 3);
      const lasts = new Set<string>();
      for (let i = 0; i < n; i++) {
        const p = i === 0 ? a : newPerson({ company: co });
        if (lasts.has(p.last)) continue;
        lasts.add(p.last);
        record(p, { phone: formatPhone(co.line, i) });
      }
      return lasts.size;
    }
    case 3: { // same last name, same company (family business), dotted and undotted work addresses
      const b = newPerson({ first: otherFirst(), last: a.last, company: co });
      const local = a.last.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      record(a, { email: `${a.first[0]!.toLowerCase()}.${local}@${co.domain}`, phone: null });
      record(b, { email: `${b.first[0]!.toLowerCase()}${local}@${co.domain}`, phone: null });
      return 2;
    }
    case 4: { // a short extension shared by two people is no phone number
      record(a, { phone: 'ext. 204' });
      record(newPerson({ company: co }), { phone: '204' });
      return 2;
    }
    default: { // same name, free-mail addresses at the same provider, no company
      const free = pick(FREE);
      record(a, { email: `${a.first.toLowerCase()}${Math.floor(rnd() * 1e6)}@${free}`, company: null, companyId: null, phone: null });
      const b = newPerson({ first: a.first, last: a.last, company: null });
      record(b, { email: `${b.first.toLowerCase()}${Math.floor(rnd() * 1e6)}@${free}`, company: null, companyId: null, phone: null });
      return 2;
    }
  }
}

export interface PairMetrics {
  precision: number;
  recall: number;
  truePairs: number;
  foundPairs: number;
  correctPairs: number;
  /** Recall per planted kind. */
  recallByKind: Record<PlantedKind, number>;
}

/** Pairwise precision and recall of clusters against the dataset's truth. */
export function pairMetrics(data: PlantedDataset, clusters: DuplicateCluster[]): PairMetrics {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const byPerson = new Map<string, string[]>();
  for (const c of data.contacts) {
    const p = data.personOf.get(c.id)!;
    const list = byPerson.get(p);
    if (list) list.push(c.id);
    else byPerson.set(p, [c.id]);
  }
  let truePairs = 0;
  for (const ids of byPerson.values()) truePairs += pairs(ids.length);
  let foundPairs = 0;
  let correctPairs = 0;
  const clusterOf = new Map<string, number>();
  clusters.forEach((cl, i) => {
    foundPairs += pairs(cl.ids.length);
    const counts = new Map<string, number>();
    for (const id of cl.ids) {
      clusterOf.set(id, i);
      const p = data.personOf.get(id)!;
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const n of counts.values()) correctPairs += pairs(n);
  });
  const recallByKind = {} as Record<PlantedKind, number>;
  for (const kind of PLANTED_KINDS) {
    let want = 0;
    let got = 0;
    for (const [person, k] of data.plantedKind) {
      if (k !== kind) continue;
      const ids = byPerson.get(person)!;
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          want++;
          const ci = clusterOf.get(ids[i]!);
          if (ci !== undefined && ci === clusterOf.get(ids[j]!)) got++;
        }
      }
    }
    recallByKind[kind] = want ? got / want : 1;
  }
  return { precision: foundPairs ? correctPairs / foundPairs : 1, recall: truePairs ? correctPairs / truePairs : 1, truePairs, foundPairs, correctPairs, recallByKind };
}
