import { z } from 'zod';
import type { ProspectFacts } from './model';

/** The prospect JSON `npm run quality -- --prospect FILE.json` reads: what is known about the recipient. */
export const ProspectFile = z.object({
  email: z.email().max(320),
  name: z.string().max(200).optional(),
  firstName: z.string().max(100).optional(),
  company: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  facts: z.array(z.object({ text: z.string().min(1).max(2000), source: z.string().max(200).default('') })).max(500).default([]),
}) satisfies z.ZodType<ProspectFacts, unknown>;
export type ProspectFile = z.infer<typeof ProspectFile>;
