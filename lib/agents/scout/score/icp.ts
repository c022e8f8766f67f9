import { z } from 'zod';

/**
 * The ideal customer profile: what a good-fit lead looks like, in the rep's own words. Each section
 * has a `weight` (the points a full match is worth); each item has a `weight` from -1 to 1 (the
 * share of the section's points it earns: 1 a full match, 0.5 half, a negative value an anti-fit
 * such as "Students"). Fit points = round(section.weight × item.weight); see weights.ts.
 */
export const Seniority = z.enum(['c_level', 'vp', 'director', 'manager', 'ic']);
export type Seniority = z.infer<typeof Seniority>;

const ItemWeight = z.number().min(-1, 'Item weights run from -1 to 1').max(1, 'Item weights run from -1 to 1').default(1);
const SectionWeight = z.number().int('Section weights are whole points').min(0, 'Section weights run from 0 to 40').max(40, 'Section weights run from 0 to 40');
const name = (what: string) => z.string().trim().min(1, `${what} is required`).max(100, `${what} is at most 100 characters`);
const items = <T extends z.ZodType>(item: T) => z.array(item).max(200, 'At most 200 entries per section');
const list = <T extends z.ZodType>(item: T) => items(item).default([]);

export const IcpIndustry = z.object({ name: name('Industry name'), weight: ItemWeight });
export const IcpCompanySize = z
  .object({
    /** Employees, inclusive. */
    min: z.number().int().min(0, 'Company size starts at 0 employees'),
    /** Employees, inclusive; null: no upper bound. */
    max: z.number().int().min(0).nullable().default(null),
    weight: ItemWeight,
  })
  .refine((r) => r.max === null || r.max >= r.min, { message: 'Company size range: max must be at least min', path: ['max'] });
export const IcpSeniority = z.object({ level: Seniority, weight: ItemWeight });
/** A word or phrase in a job title ("revenue operations", "sales"). */
export const IcpTitle = z.object({ keyword: name('Title keyword'), weight: ItemWeight });
/** A country (name or ISO code: "Germany", "DE") or a region ("DACH", "EMEA", "North America"). */
export const IcpRegion = z.object({ name: name('Region'), weight: ItemWeight });
export const IcpTechnology = z.object({ name: name('Technology name'), weight: ItemWeight });
/** A rival: a lead who signed with one is flagged for judgement. */
export const IcpCompetitor = z.object({
  name: name('Competitor name'),
  domains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'Competitor domain looks like acme.com')).max(20).default([]),
});

/** Points a full match in each section is worth. Defaults: fit is worth at most 40 points (weights.ts has the rest). */
export const IcpWeights = z.object({
  industries: SectionWeight.default(10),
  companySizes: SectionWeight.default(8),
  seniorities: SectionWeight.default(8),
  titles: SectionWeight.default(6),
  regions: SectionWeight.default(4),
  technologies: SectionWeight.default(4),
});
export type IcpWeights = z.infer<typeof IcpWeights>;

export const Icp = z.object({
  weights: IcpWeights.prefault({}),
  industries: list(IcpIndustry),
  companySizes: list(IcpCompanySize),
  seniorities: list(IcpSeniority),
  titles: list(IcpTitle),
  regions: list(IcpRegion),
  technologies: list(IcpTechnology),
  competitors: list(IcpCompetitor),
});
export type Icp = z.infer<typeof Icp>;
export type IcpSection = keyof IcpWeights;

/**
 * A change from the settings form: each list given replaces that list wholesale; weights merge
 * field by field. No defaults inside, so a patch never resets what it does not name.
 */
export const IcpPatch = z
  .object({
    weights: z
      .object({
        industries: SectionWeight.optional(),
        companySizes: SectionWeight.optional(),
        seniorities: SectionWeight.optional(),
        titles: SectionWeight.optional(),
        regions: SectionWeight.optional(),
        technologies: SectionWeight.optional(),
      })
      .optional(),
    industries: items(IcpIndustry).optional(),
    companySizes: items(IcpCompanySize).optional(),
    seniorities: items(IcpSeniority).optional(),
    titles: items(IcpTitle).optional(),
    regions: items(IcpRegion).optional(),
    technologies: items(IcpTechnology).optional(),
    competitors: items(IcpCompetitor).optional(),
  })
  .optional();
export type IcpPatch = z.infer<typeof IcpPatch>;

/** Applies a patch: lists replace, weights merge. */
export function applyIcpPatch(current: Icp, patch: IcpPatch): z.input<typeof Icp> {
  if (!patch) return current;
  const { weights, ...lists } = patch;
  return { ...current, ...lists, weights: { ...current.weights, ...weights } };
}

export const defaultIcp = (): Icp => Icp.parse({});
