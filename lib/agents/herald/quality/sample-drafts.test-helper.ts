import type { StoredDraft } from './generic-index';
import type { DraftUnderReview, ProspectFacts } from './model';
import { random } from '../../../../test/random';

const FIRST = ['Dana', 'Priya', 'Marcus', 'Elena', 'Tom', 'Aisha', 'Lukas', 'Mei', 'Carlos', 'Ingrid', 'Omar', 'Sofia', 'Jonas', 'Ravi', 'Claire', 'Kenji'];
const LAST = ['Reyes', 'Shah', 'Berg', 'Novak', 'Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Silva', 'Keller', 'Haddad', 'Walsh'];
const COMPANY = ['Northwind Logistics', 'Globex Freight', 'Umbrella Retail', 'Stark Components', 'Wayne Shipping', 'Tyrell Foods', 'Cyberdyne Parts', 'Soylent Grocers', 'Hooli Devices', 'Vandelay Imports', 'Aperture Labs', 'Wonka Confections'];
const CITY = ['Rotterdam', 'Austin', 'Lyon', 'Gdansk', 'Osaka', 'Monterrey', 'Leeds', 'Antwerp', 'Denver', 'Turin'];
const TOPIC = [
  ['reconciles carrier invoices by hand in spreadsheets', 'invoice matching'],
  ['loses about 6 hours a week chasing proof of delivery', 'delivery tracking'],
  ['is moving 40 reps from a legacy CRM', 'the migration kit'],
  ['runs quarterly forecasts out of three different tools', 'forecast roll-ups'],
  ['asked how approvals work for discounts above 15%', 'discount approvals'],
  ['wants SSO before rolling out to 120 seats', 'SAML single sign-on'],
] as const;
const OPENERS = [
  'Thanks for the detail on {topic}.',
  'Good to hear the {city} site is on track.',
  'Appreciate the quick reply on {topic}.',
  'That context on {topic} helps a lot.',
];
const ASKS = ['Would a 20-minute call on {day} work?', 'Could we look at it together on {day}?', 'Is {day} at 10 a good time for a short call?', 'Would it help if I sent a two-page summary before {day}?'];
const DAYS = ['Tuesday', 'Wednesday', 'Thursday', 'Friday'];

export interface SampleDraft {
  prospect: ProspectFacts;
  draft: DraftUnderReview;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A personal, evidence-backed reply of 60–110 words, as Herald should write it, with the prospect it is for. */
export function sampleDraft(i: number, seed = 1): SampleDraft {
  const rnd = random(seed * 100_003 + i);
  const first = pick(rnd, FIRST);
  const last = pick(rnd, LAST);
  const company = pick(rnd, COMPANY);
  const city = pick(rnd, CITY);
  const [pain, feature] = pick(rnd, TOPIC);
  const seats = 10 + Math.floor(rnd() * 90);
  const day = pick(rnd, DAYS);
  const domain = `${company.toLowerCase().replace(/\s+/g, '-')}.com`;
  const prospect: ProspectFacts = {
    email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@${domain}`,
    name: `${first} ${last}`,
    company,
    title: 'VP Operations',
    facts: [
      { text: `${company} is opening a new site in ${city} this quarter`, source: 'thread' },
      { text: `Their team ${pain}`, source: 'thread' },
      { text: `Asked for pricing for ${seats} seats`, source: 'thread' },
    ],
  };
  const fill = (s: string) => s.replace('{topic}', feature).replace('{city}', city).replace('{day}', day);
  const body = [
    `Hi ${first},`,
    '',
    `${fill(pick(rnd, OPENERS))} Since your team ${pain}, ${feature} is where I would start. For ${seats} seats the price is $${14 + Math.floor(rnd() * 10)} per seat a month, billed yearly, and the new ${city} site can be added later without a new contract.`,
    '',
    fill(pick(rnd, ASKS)),
    '',
    'Best,',
    'Sam',
  ].join('\n');
  return { prospect, draft: { subject: `Pricing for ${seats} seats`, body } };
}

/** `count` stored drafts to distinct recipients, varied enough that few are near-copies of each other. */
export function storedDrafts(count: number, seed = 7): StoredDraft[] {
  return Array.from({ length: count }, (_, i) => {
    const { prospect, draft } = sampleDraft(i, seed);
    return { id: `d${i}`, to: prospect.email, subject: draft.subject, body: draft.body, createdAt: i };
  });
}
