import type { CrmCompany, CrmContact, CrmDeal, ObjectType } from '../../../crm/model';
import type { LocalCrmDb } from '../../../crm/local/db';
import type { CrmAdapter, RecordOf } from '../../../crm/model';

/** A duplicate group planted in the seed: the first id is the one to keep. */
export interface PlantedGroup {
  winnerId: string;
  loserIds: string[];
}

const T0 = Date.parse('2024-01-01T00:00:00Z');
const iso = (i: number) => new Date(T0 + i * 60_000).toISOString();

/**
 * Seeds a local CRM straight into its tables (fast): `contacts` contacts, one company per ten
 * contacts, one deal per eight, associations contact→company and deal→contact/company (some
 * stored company→contact, the other way round), and `groups` planted duplicate groups of three
 * contacts sharing an email (case differs) with differing fields and associations of their own.
 */
export async function seedLocalCrm(db: LocalCrmDb, opts: { contacts: number; groups: number }): Promise<PlantedGroup[]> {
  const companies: (CrmCompany & { domainKey: string })[] = [];
  const nCompanies = Math.max(1, Math.floor(opts.contacts / 10));
  for (let i = 0; i < nCompanies; i++) {
    const domain = `company${i}.example`;
    companies.push({ id: `co${i}`, name: `Company ${i}`, domain, domainKey: domain, industry: i % 3 ? 'Logistics' : null, employees: i % 4 ? 10 + i : null, ownerId: 'u1', updatedAt: iso(i), properties: { tier: i % 2 ? 'gold' : 'silver' } });
  }
  const contacts: (CrmContact & { emailKey: string | null })[] = [];
  const associations: { from: string; to: string }[] = [];
  const groups: PlantedGroup[] = [];
  const grouped = opts.groups * 3;
  for (let i = 0; i < opts.contacts; i++) {
    const g = i < grouped ? Math.floor(i / 3) : -1;
    const role = i < grouped ? i % 3 : -1;
    const email = g >= 0 ? [`dup${g}@group.example`, `DUP${g}@group.example`, `Dup${g}@Group.example`][role]! : `person${i}@mail${i % 97}.example`;
    const companyId = `co${(g >= 0 ? g : i) % nCompanies}`;
    contacts.push({
      id: `c${i}`,
      email,
      emailKey: email.toLowerCase(),
      firstName: role === 2 ? 'Danielle' : `First${g >= 0 ? g : i}`,
      lastName: `Last${g >= 0 ? g : i}`,
      title: role === 0 ? null : role === 1 ? 'VP Sales' : `Title ${i}`,
      phone: role === 0 ? null : `+1 555 ${String(i).padStart(5, '0')}`,
      companyId,
      ownerId: i % 5 ? 'u1' : null,
      updatedAt: iso(i),
      properties: role === 1 ? { source: 'import', score: null } : { source: 'form' },
    });
    associations.push(i % 50 === 7 ? { from: `company:${companyId}`, to: `contact:c${i}` } : { from: `contact:c${i}`, to: `company:${companyId}` });
    if (role === 2) associations.push({ from: `contact:c${i}`, to: `company:co${(g + 1) % nCompanies}` });
    if (g >= 0 && role === 0) groups.push({ winnerId: `c${i}`, loserIds: [`c${i + 1}`, `c${i + 2}`] });
  }
  const deals: CrmDeal[] = [];
  const nDeals = Math.floor(opts.contacts / 8);
  for (let i = 0; i < nDeals; i++) {
    const a = (i * 7) % opts.contacts;
    const b = (i * 13 + 1) % opts.contacts;
    const companyId = `co${i % nCompanies}`;
    deals.push({ id: `d${i}`, name: `Deal ${i}`, amount: i % 3 ? 1000 + i : null, currency: 'USD', pipelineId: 'default', stageId: 'lead', closeDate: null, ownerId: 'u1', companyId, contactIds: [`c${a}`, `c${b}`], updatedAt: iso(i), properties: {} });
    associations.push({ from: `deal:d${i}`, to: `contact:c${a}` }, { from: `deal:d${i}`, to: `contact:c${b}` }, { from: `deal:d${i}`, to: `company:${companyId}` });
  }
  await db.transaction('rw', [db.contacts, db.companies, db.deals, db.associations], async () => {
    await db.companies.bulkPut(companies);
    await db.contacts.bulkPut(contacts);
    await db.deals.bulkPut(deals);
    await db.associations.bulkPut(associations);
  });
  return groups;
}

/** Everything in a local CRM, by content: records by id, associations as undirected pairs. */
export async function dumpLocalCrm(db: LocalCrmDb, opts: { ignoreUpdatedAt?: boolean; idMap?: Record<string, string> } = {}) {
  const back = new Map(Object.entries(opts.idMap ?? {}).map(([oldRef, newId]) => [`${oldRef.split(':')[0]}:${newId}`, oldRef]));
  const ref = (key: string) => back.get(key) ?? key;
  const clean = (type: ObjectType, rows: object[]) =>
    rows
      .map((r) => {
        const { emailKey: _e, domainKey: _d, updatedAt, ...rest } = r as RecordOf<ObjectType> & { emailKey?: unknown; domainKey?: unknown };
        const id = ref(`${type}:${rest.id}`).slice(type.length + 1);
        return { ...rest, id, ...(opts.ignoreUpdatedAt ? {} : { updatedAt }) };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pairs = new Set((await db.associations.toArray()).map((a) => [ref(a.from), ref(a.to)].sort().join(' ~ ')));
  return {
    contacts: clean('contact', await db.contacts.toArray()),
    companies: clean('company', await db.companies.toArray()),
    deals: clean('deal', await db.deals.toArray()),
    associations: [...pairs].sort(),
  };
}

/**
 * Wraps an adapter so that, after `n` successful merges (or deletes), the next one is applied by
 * the CRM and then throws (a connection lost after the CRM acted), and every later write throws
 * before acting, until `heal()`. Counts the calls that reached the CRM per record.
 */
export function crashingAfter(inner: CrmAdapter, n: number, opts: { merge?: boolean } = {}) {
  let healed = false;
  let ok = 0;
  const calls: string[] = [];
  const fail = () => {
    throw new Error('connection reset (stand-in crash)');
  };
  const capabilities = { ...inner.capabilities, merge: opts.merge ?? inner.capabilities.merge };
  const adapter: CrmAdapter = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'capabilities') return capabilities;
      if (prop === 'merge' || prop === 'remove') {
        return async (type: ObjectType, a: string, b?: string) => {
          if (!healed && ok > n) fail();
          const id = prop === 'merge' ? b! : a;
          calls.push(`${prop}:${type}:${id}`);
          await (prop === 'merge' ? target.merge(type, a, b!) : target.remove(type, a));
          ok += 1;
          if (!healed && ok > n) fail();
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { adapter, calls, heal: () => void (healed = true) };
}
